// Without a token: paste one (or open the URL `npm run token -- … --console` prints).
import { useState } from 'react';
import { session } from './session';
import { Field } from './ui/forms';

export function SignIn() {
  const [token, setToken] = useState('');
  const [expired] = useState(() => session.takeExpired());
  return (
    <main className="narrow">
      <h1>TSP authorization console</h1>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          if (token.trim()) session.signIn(token);
        }}
      >
        {expired && (
          <div className="problem" role="alert">
            Your token was refused (expired or not valid): sign in again.
          </div>
        )}
        <Field id="token" label="Bearer token (JWT)" hint="Get one with: npm run token -- --role partner --sub partner-1 --console">
          <textarea id="token" rows={4} value={token} onChange={(e) => setToken(e.target.value)} spellCheck={false} />
        </Field>
        <div className="actions">
          <button type="submit" className="primary">
            Sign in
          </button>
        </div>
      </form>
    </main>
  );
}
