/** Every type that crosses stages, and the typed errors, from one import. Only re-exports. */
export * from './codes.js';
export * from './comparison.js';
export * from './errors.js';
export * from './findings.js';
export * from './model.js';
export * from './results.js';
export * from './run-settings.js';
export * from './video.js';
