// Lets a plain `node` child process run the TypeScript sources (no build): transpiles .ts on
// require and resolves the @parley/* aliases. With PARLEY_CHAT_TOKEN_ONLY=1, @parley/chat resolves
// to its chat.types file only (the processes use a fake pipeline, as the jest suites do).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');

const root = path.resolve(__dirname, '../../../..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request.startsWith('@parley/')) {
    const lib = request.slice('@parley/'.length);
    request =
      lib === 'chat' && process.env.PARLEY_CHAT_TOKEN_ONLY === '1'
        ? path.join(root, 'libs', 'chat', 'src', 'chat.types.ts')
        : path.join(root, 'libs', lib, 'src');
  }
  return resolve.call(this, request, parent, ...rest);
};

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  inlineSourceMap: true,
};
require.extensions['.ts'] = function (module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
