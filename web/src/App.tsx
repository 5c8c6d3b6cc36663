// The console: the sign-in page until there is a token, then Manage → Users, Numbers, Call flows,
// Teams, Routing rules, Removals, Audit log and Seats (hash routes, so the same static files serve every screen from S3 or the local server).
import { useEffect, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Redirect, Route, Router, Switch, useLocation } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { apiFor, type Me } from './api.ts';
import { SignedInContext, type SignedIn } from './console.ts';
import { completeHostedSignIn, forgetToken, loadConfig, storedToken } from './session.ts';
import { SignInPage } from './pages/SignInPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { RemovalsPage } from './pages/RemovalsPage.tsx';
import { AuditLogPage } from './pages/AuditLogPage.tsx';
import { SeatsPage } from './pages/SeatsPage.tsx';
import { OwnershipPage } from './pages/OwnershipPage.tsx';
import { ResourcesPage } from './pages/resources/ResourcesPage.tsx';
import { SCREENS } from './pages/resources/resource-screens.ts';

export function App() {
  const config = useQuery({ queryKey: ['config'], queryFn: loadConfig, staleTime: Infinity });
  const [token, setToken] = useState<string | null>(storedToken);
  const [notice, setNotice] = useState<string | null>(null);
  const queries = useQueryClient();

  useEffect(() => {
    if (!config.data) return;
    completeHostedSignIn(config.data)
      .then((idToken) => idToken && setToken(idToken))
      .catch((error: Error) => setNotice(error.message));
  }, [config.data]);

  const signOut = (why?: string) => {
    forgetToken();
    queries.clear();
    setNotice(why ?? null);
    setToken(null);
  };

  if (config.isError) return <p role="alert">{config.error.message}</p>;
  if (!config.data) return <p>Loading…</p>;
  if (!token) return <SignInPage config={config.data} notice={notice} onSignedIn={setToken} />;
  return <SignedInConsole token={token} onSignOut={signOut} />;
}

function SignedInConsole({ token, onSignOut }: { token: string; onSignOut: (why?: string) => void }) {
  const api = useMemo(
    () => apiFor(token, (problem) => onSignOut(`${problem.title}: ${problem.detail}`)),
    [token], // onSignOut only signs out: a new one each render needs no new client
  );
  const me = useQuery({ queryKey: ['me'], queryFn: () => api.get<Me>('/me') });
  if (me.isError) return <p role="alert">{me.error.message}</p>;
  if (!me.data) return <p>Loading…</p>;
  const signedIn: SignedIn = {
    api,
    me: me.data,
    account: `/accounts/${encodeURIComponent(me.data.accountId)}`,
    isAdmin: me.data.status === 'ACTIVE' && (me.data.role === 'ADMIN' || me.data.role === 'OWNER'),
  };
  return (
    <SignedInContext.Provider value={signedIn}>
      <Router hook={useHashLocation}>
        <header className="bar">
          <span className="brand">offboard</span>
          <nav aria-label="Manage">
            <NavLink href="/users">Users</NavLink>
            {Object.values(SCREENS).map((screen) => (
              <NavLink key={screen.type} href={screen.path}>
                {screen.title}
              </NavLink>
            ))}
            <NavLink href="/removals">Removals</NavLink>
            <NavLink href="/audit-log">Audit log</NavLink>
            <NavLink href="/seats">Seats</NavLink>
          </nav>
          <span className="who">
            {me.data.displayName} · {me.data.role.toLowerCase()} · {me.data.accountId}
          </span>
          <button type="button" onClick={() => onSignOut()}>
            Sign out
          </button>
        </header>
        <main>
          <Switch>
            <Route path="/users" component={UsersPage} />
            {Object.values(SCREENS).map((screen) => (
              <Route key={screen.type} path={screen.path}>
                <ResourcesPage key={screen.type} type={screen.type} />
              </Route>
            ))}
            <Route path="/users/:userId/resources">
              {(params) => <ResourcesPage ownerId={decodeURIComponent(params.userId)} />}
            </Route>
            <Route path="/removals" component={RemovalsPage} />
            <Route path="/audit-log" component={AuditLogPage} />
            <Route path="/seats" component={SeatsPage} />
            <Route path="/ownership" component={OwnershipPage} />
            <Route>
              <Redirect to="/users" />
            </Route>
          </Switch>
        </main>
      </Router>
    </SignedInContext.Provider>
  );
}

function NavLink({ href, children }: { href: string; children: string }) {
  const [location] = useLocation();
  return (
    <Link href={href} aria-current={location === href ? 'page' : undefined}>
      {children}
    </Link>
  );
}
