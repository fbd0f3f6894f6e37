export declare const nodeExternal: string[];
export declare const devOnlyExternal: string[];
