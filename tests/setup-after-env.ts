import { dropTestSchemas } from '../libs/database/src/testing';

// With TEST_DATABASE_URL, each test database is a schema on that server: dropped when its test file is done.
afterAll(() => dropTestSchemas());
