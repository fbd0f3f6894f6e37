export * from './events';
export * from './state';
export * from './fold';
export * from './commands';
export * from './view';
export * from './schedule';
