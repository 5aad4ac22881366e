import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SEARCH_ATTRIBUTES } from '../../scripts/temporal';

// docker-compose.yml cannot be started on the machines that build this project (no Docker engine), so
// its wiring is checked here: a misspelt variable would be ignored silently by config.ts and fall back to
// a development default (a dev server, 127.0.0.1, dev tokens) in production.

type Service = {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { target: number | string; published?: number | string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
};

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service> };
const services = compose.services;
const service = (name: string): Service => {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};

const environmentOf = (s: Service): Record<string, string> => {
  if (Array.isArray(s.environment)) {
    return Object.fromEntries(
      s.environment.map((entry) => {
        const eq = entry.indexOf('=');
        return eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(s.environment ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]),
  );
};

/** Host ports a service publishes, from short ("[ip:]host:container[/proto]") or long syntax. */
const publishedPorts = (s: Service): { published: string; target: string }[] =>
  (s.ports ?? []).map((p) => {
    if (typeof p === 'object') return { published: String(p.published ?? ''), target: String(p.target) };
    const parts = String(p)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    const target = parts[parts.length - 1];
    return { published: parts.length > 1 ? parts[parts.length - 2] : '', target };
  });

const dependenciesOf = (s: Service): string[] =>
  Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});

const commandOf = (s: Service): string =>
  Array.isArray(s.command) ? s.command.join(' ') : (s.command ?? '');

/** Every variable config.ts reads, through its helpers or directly from env. */
const configVariables = (): Set<string> => {
  const source = read('config.ts');
  const names = new Set<string>();
  for (const m of source.matchAll(/\b(?:str|int|bool|oneOf(?:<[^>]*>)?)\(\s*'([A-Z][A-Z0-9_]*)'/g))
    names.add(m[1]);
  for (const m of source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)) names.add(m[1]);
  return names;
};

const APP_SERVICES = ['api', 'worker'] as const;

describe('docker-compose.yml', () => {
  it.each(['postgres', 'temporal', 'temporal-ui', 'migrate', 'api', 'worker'])(
    'When the file is read, then it defines the %s service',
    (name) => {
      expect(services[name]).toBeDefined();
    },
  );

  it('When the api service is started, then it publishes port 3000 to the container port 3000', () => {
    expect(publishedPorts(service('api'))).toContainEqual({ published: '3000', target: '3000' });
  });

  it('When the Temporal UI is started, then it publishes port 8233 to the UI container port 8080', () => {
    expect(publishedPorts(service('temporal-ui'))).toContainEqual({ published: '8233', target: '8080' });
    expect(environmentOf(service('temporal-ui')).TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it.each(APP_SERVICES)(
    'When the %s service starts, then it has every variable production needs, with production values',
    (name) => {
      const env = environmentOf(service(name));
      expect(env).toEqual(
        expect.objectContaining({
          APP_MODE: 'production',
          TEMPORAL_ADDRESS: 'temporal:7233',
          TEMPORAL_NAMESPACE: 'chufei',
          TEMPORAL_DEV_SERVER: 'false',
        }),
      );
      expect(env.DATABASE_URL).toMatch(/^postgres(ql)?:\/\/[^@]+@postgres:5432\/\w+$/);
    },
  );

  it('When the api service starts, then it listens on every interface of its container on port 3000', () => {
    expect(environmentOf(service('api'))).toEqual(expect.objectContaining({ HOST: '0.0.0.0', PORT: '3000' }));
  });

  it('When config.ts is scanned, then the variable names it reads are found (the scan itself works)', () => {
    const known = configVariables();
    for (const name of [
      'APP_MODE',
      'DATABASE_URL',
      'TEMPORAL_ADDRESS',
      'TEMPORAL_DEV_SERVER',
      'WORKFLOW_BUNDLE_PATH',
    ]) {
      expect(known).toContain(name);
    }
  });

  it.each(['api', 'worker', 'migrate'])(
    'When the %s service names an environment variable, then it is one config.ts reads (no typos)',
    (name) => {
      const known = configVariables();
      const unknown = Object.keys(environmentOf(service(name))).filter((v) => !known.has(v));
      expect(unknown).toEqual([]);
    },
  );

  it('When the migrate service runs, then it runs the migrations in production mode against the same database', () => {
    const migrate = service('migrate');
    expect(commandOf(migrate)).toMatch(/\bnode --import tsx scripts\/cli\.ts migrate$/);
    expect(environmentOf(migrate).APP_MODE).toBe('production');
    expect(environmentOf(migrate).DATABASE_URL).toBe(environmentOf(service('api')).DATABASE_URL);
  });

  it('When the worker service starts, then its command runs worker.ts through tsx', () => {
    expect(commandOf(service('worker'))).toMatch(/\bnode --import tsx worker\.ts$/);
  });

  it('When the api service starts, then its command runs the API server', () => {
    expect(commandOf(service('api'))).toMatch(/\bnode --import tsx api\/server\.ts$/);
  });

  it.each(['api', 'worker', 'migrate'])(
    'When the %s service is built, then it builds from the Dockerfile',
    (name) => {
      const { build } = service(name);
      expect(build).toBeDefined();
      const context = typeof build === 'string' ? build : (build?.context ?? '.');
      const dockerfile = typeof build === 'string' ? 'Dockerfile' : (build?.dockerfile ?? 'Dockerfile');
      expect(path.resolve(ROOT, context, dockerfile)).toBe(path.join(ROOT, 'Dockerfile'));
    },
  );

  it('When the api and worker start, then they wait for migrations, the Temporal set-up and Temporal itself', () => {
    for (const name of APP_SERVICES) {
      const deps = service(name).depends_on as Record<string, { condition?: string }>;
      expect(deps.migrate?.condition).toBe('service_completed_successfully');
      expect(deps.temporal).toBeDefined();
    }
  });

  it('When any service depends on another, then that other service exists', () => {
    const missing = Object.entries(services).flatMap(([name, s]) =>
      dependenciesOf(s)
        .filter((dep) => !(dep in services))
        .map((dep) => `${name} -> ${dep}`),
    );
    expect(missing).toEqual([]);
  });

  it('When Temporal is set up, then its namespace is the one the api and worker use', () => {
    expect(environmentOf(service('temporal')).DEFAULT_NAMESPACE).toBe('chufei');
    expect(environmentOf(service('temporal'))).toEqual(
      expect.objectContaining({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres', DB_PORT: '5432' }),
    );
  });

  it.each(SEARCH_ATTRIBUTES)(
    'When Temporal is set up, then the search attribute %s (%s) is registered on the chufei namespace',
    (name, type) => {
      const setup = Object.values(services).find((s) => /search-attribute create/.test(commandOf(s)));
      expect(setup).toBeDefined();
      const script = commandOf(setup!);
      expect(script).toMatch(/search-attribute create -n chufei/);
      expect(script.split('\n').some((line) => new RegExp(`\\b${name}\\s+${type}\\b`).test(line))).toBe(true);
    },
  );

  it('When a service needs the Postgres password, then it comes from the environment and is never written here', () => {
    const credentialValues = Object.values(services).flatMap((s) =>
      Object.entries(environmentOf(s))
        .filter(([key]) => /PASSWORD|PWD|DATABASE_URL/.test(key))
        .map(([, value]) => value),
    );
    expect(credentialValues.length).toBeGreaterThanOrEqual(4);
    for (const value of credentialValues) expect(value).toContain('${POSTGRES_PASSWORD:?');
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('When the image is built, then it is based on node:20-bookworm-slim', () => {
    expect(finalStage).toMatch(/^\nFROM node:20-bookworm-slim\s*$/m);
  });

  it('When the image is built, then Chromium and the CJK fonts for PDF notices are installed from Debian', () => {
    // The image runs the same script as development machines, so the two cannot drift apart.
    expect(finalStage).toMatch(/^COPY scripts\/install-pdf-deps\.sh \/tmp\/install-pdf-deps\.sh$/m);
    expect(finalStage).toMatch(/&& bash \/tmp\/install-pdf-deps\.sh \\$/m);
    const packages =
      /^PACKAGES=\(([^)]*)\)/m.exec(read('scripts/install-pdf-deps.sh'))?.[1].split(/\s+/) ?? [];
    expect(packages).toEqual(expect.arrayContaining(['chromium', 'fonts-noto-cjk']));
    expect(finalStage).toMatch(/CHROMIUM_PATH=\/usr\/bin\/chromium/);
  });

  it('When the image runs, then it runs as a non-root user and starts the API by default', () => {
    const user = /^USER\s+(\S+)/m.exec(finalStage)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(finalStage).toMatch(/^CMD \["node", "--import", "tsx", "api\/server\.ts"\]$/m);
  });

  it('When dependencies are installed without dev dependencies, then tsx is still installed (it runs the code)', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(pkg.dependencies.tsx).toBeDefined();
  });

  it('When the build context is sent, then local modules, tools, data and secrets are left out', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim());
    for (const entry of ['node_modules', '.tools', '.data', '.git', 'dist', 'coverage', '.env']) {
      expect(ignored).toContain(entry);
    }
  });
});
