import type { Knex } from 'knex';

// Production sign-in (issue 14, build 1): users get a username and an argon2id password hash; sessions and
// API keys are bearer tokens stored only as their sha256 (the tokens are 256 random bits, so a fast hash is
// enough; the slow hash is for the guessable password). Failed sign-ins are counted per username key (an
// HMAC of the lowercased name), whether or not the user exists, so a lock-out tells nothing about which
// usernames are real. Development users keep their dev-<role>-<code> tokens, but their ids are no longer the
// tokens (issue 14, item 8: every event's actor showed a token).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE users ALTER COLUMN token_hash DROP NOT NULL;
    ALTER TABLE users ADD COLUMN username varchar(64) NULL;
    ALTER TABLE users ADD COLUMN password_hash varchar(200) NULL;
    ALTER TABLE users ADD COLUMN disabled_at timestamptz NULL;
    CREATE UNIQUE INDEX users_username ON users (lower(username)) WHERE username IS NOT NULL;

    UPDATE users SET id = 'u-' || substring(id from '(\\d{6})$') || '-' || role
     WHERE dev_only AND id ~ '^dev-[a-z_]+-\\d{6}$';
    UPDATE idempotency_requests SET user_id = 'u-' || substring(user_id from '(\\d{6})$') || '-'
        || substring(user_id from '^dev-([a-z_]+)-')
     WHERE user_id ~ '^dev-[a-z_]+-\\d{6}$';
    UPDATE jobs SET owner_user_id = 'u-' || substring(owner_user_id from '(\\d{6})$') || '-'
        || substring(owner_user_id from '^dev-([a-z_]+)-')
     WHERE owner_user_id ~ '^dev-[a-z_]+-\\d{6}$';

    CREATE TABLE sessions (
      id uuid PRIMARY KEY,
      token_hash char(64) NOT NULL UNIQUE,
      user_id varchar(64) NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz NULL
    );
    CREATE INDEX sessions_user ON sessions (user_id) WHERE revoked_at IS NULL;

    CREATE TABLE api_keys (
      id uuid PRIMARY KEY,
      token_hash char(64) NOT NULL UNIQUE,
      user_id varchar(64) NOT NULL REFERENCES users(id),
      name varchar(100) NOT NULL,
      created_by varchar(64) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz NULL,
      revoked_at timestamptz NULL
    );
    CREATE INDEX api_keys_user ON api_keys (user_id);

    CREATE TABLE sign_in_failures (
      username_key char(64) PRIMARY KEY,
      failures integer NOT NULL DEFAULT 0,
      first_failed_at timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz NULL
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE sign_in_failures;
    DROP TABLE api_keys;
    DROP TABLE sessions;
    DROP INDEX users_username;
    ALTER TABLE users DROP COLUMN disabled_at;
    ALTER TABLE users DROP COLUMN password_hash;
    ALTER TABLE users DROP COLUMN username;
  `);
}
