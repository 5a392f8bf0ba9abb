// Jest 30 in ESM mode (NODE_OPTIONS=--experimental-vm-modules, set by the npm scripts).
// swc strips types only: `npm test` runs `tsc --noEmit` first for the type check.
// ESM/CJS: Jest cannot require() an ES module before Node 24.9, and @nestjs/common is ESM only.
// nestjs-pino 5 and @nestjs/terminus 12 load fine: both are imported, and both ship ESM. But
// terminus's @HealthCheck() require()s @nestjs/swagger for its docs, which fails silently here
// and works under Node: the health routes document themselves (swaggerDocumentation: false), so
// /docs-json is the same under Jest and in production.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironmentOptions: { customExportConditions: ['tsp-source', 'node', 'node-addons'] },
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 30000,
};
