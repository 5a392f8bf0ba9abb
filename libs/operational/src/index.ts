export * from './checkpoints.js';
export * from './sqlite/database.js';
export * from './sqlite/sqlite-checkpoint-store.js';
