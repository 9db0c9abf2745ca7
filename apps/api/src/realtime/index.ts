export { RealtimeModule, type RealtimeModuleOptions } from './realtime.module';
export { RealtimeHealth, type RealtimeHealthReport } from './realtime-health';
