// Keys for the different things the server signs, each derived from SESSION_SECRET for its own purpose,
// so a signature made for one (a form key) can never pass as another (a CSRF token or a session cookie).
import { createHmac } from 'node:crypto';

export type SigningPurpose = 'csrf' | 'submission-key' | 'contact-sender' | 'yearly-check';

export function signingKey(secret: string, purpose: SigningPurpose): string {
  return createHmac('sha256', secret).update(`praktijkbank signing key: ${purpose}`).digest('base64url');
}
