// The one place a Knex instance is made. Repositories receive it (or a transaction) explicitly.
import knex, { type Knex } from 'knex';
import pg from 'pg';

// int8 (money in 分, counts) as numbers: every amount is bounded by Number.MAX_SAFE_INTEGER in the schemas.
pg.types.setTypeParser(20, (v) => Number(v));
// date columns stay 'YYYY-MM-DD' strings: a local date must never pass through a JS Date and a time zone.
pg.types.setTypeParser(1082, (v) => v);

export type Db = Knex;
export type Executor = Knex | Knex.Transaction;

export function createDb(url: string, poolMax = 10): Db {
  return knex({
    client: 'pg',
    connection: { connectionString: url, options: '-c timezone=Asia/Shanghai' },
    pool: { min: 0, max: poolMax },
  });
}
