/** Types of ui/build.mjs for the TypeScript that imports it (tests, benchmarks). */
export declare const UI_DIST: string;
export declare function buildUi(options?: { force?: boolean }): Promise<boolean>;
