import { Global, Module } from '@nestjs/common';
import { loadConfig } from './config';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Provides the parsed configuration under `APP_CONFIG` to every module. */
@Global()
@Module({ providers: [{ provide: APP_CONFIG, useFactory: loadConfig }], exports: [APP_CONFIG] })
export class ConfigModule {}
