import { buildServer, buildWeb } from './build-state.mjs';

buildServer();
buildWeb();
