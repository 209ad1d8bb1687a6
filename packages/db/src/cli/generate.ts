import { runPrisma } from '../prisma-cli';

// `prisma generate` reads no database, but the offline CLI refuses a schema whose datasource
// url variable is unset, so a placeholder is passed.
const output = await runPrisma(['generate'], 'postgres://generate@127.0.0.1:1/generate').catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
process.stdout.write(output);
