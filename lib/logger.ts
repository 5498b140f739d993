import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured logger. It never receives request bodies or child records: log lines carry ids, route keys
 * and outcomes only, because logs are kept longer and read more widely than the table.
 */
export const logger = new Logger({ serviceName: 'reintegration-api' });
