// `offboard token USER_ID`: a local JWT for that user, for curl and the dashboard.
import { signLocalJwt } from '#local/jwt.ts';

export async function token(args: string[]): Promise<number> {
  const [userId] = args;
  if (!userId) {
    process.stderr.write('usage: offboard token USER_ID\n');
    return 2;
  }
  process.stdout.write(`${await signLocalJwt(userId)}\n`);
  return 0;
}
