export * from './ids.ts';
export * from './account.ts';
export * from './resource.ts';
export * from './removal.ts';
export * from './audit.ts';
