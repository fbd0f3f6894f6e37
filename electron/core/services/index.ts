export * from './args';
export * from './station';
