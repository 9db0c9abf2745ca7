import { Logger } from '@nestjs/common';

// Keep test output readable: only warnings and errors from Nest loggers.
Logger.overrideLogger(['error', 'warn']);
