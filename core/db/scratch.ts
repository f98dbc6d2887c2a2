/**
 * A throwaway PostgreSQL database on the server that `url` names, for the tests and benchmarks that
 * must not see each other's data: created empty beside the database in `url`, and dropped with any
 * connections still open by `drop`. Never used by the app itself.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export async function createScratchDatabase(
  url: string,
  prefix: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = async (text: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  return { url: scratch.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
