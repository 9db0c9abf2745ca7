import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@parley/config';
import { Database } from './database';
import { openDatabase, type DatabaseHandle } from './database.provider';

export const DATABASE_HANDLE = Symbol('DATABASE_HANDLE');

/** Provides `Database` (migrated, embedded or external) to every module and closes it on shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: DATABASE_HANDLE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => openDatabase(config),
    },
    { provide: Database, inject: [DATABASE_HANDLE], useFactory: (h: DatabaseHandle) => h.database },
  ],
  exports: [Database, DATABASE_HANDLE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE_HANDLE) private readonly handle: DatabaseHandle) {}

  async onApplicationShutdown(): Promise<void> {
    await this.handle.close();
  }
}
