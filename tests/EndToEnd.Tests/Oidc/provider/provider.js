// A standard OpenID Connect provider (panva/oidc-provider, OpenID certified) for the portal's browser tests.
// Settings come from the environment: PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, POST_LOGOUT_REDIRECT_URI and
// CLAIMS: "userinfo" (the standard: the ID token carries only sub, profile claims come from userinfo) or
// "idtoken" (every claim in the ID token, no userinfo endpoint at all).
import http from 'node:http';
import Provider from 'oidc-provider';

const env = (name, fallback) => process.env[name] ?? fallback ?? (() => { throw new Error(`${name} is not set`); })();
const port = Number(env('PORT'));
const issuer = `http://localhost:${port}`;
const placement = env('CLAIMS', 'userinfo');
if (!['userinfo', 'idtoken'].includes(placement)) throw new Error(`CLAIMS must be userinfo or idtoken, not ${placement}`);

// Two users of the issue, and one whose account lacks the role claim. Centres as a JSON array and as a space-separated string.
const users = {
  'clinician-b': { name: 'Clinician of centre B', endoked_role: 'Clinician', endoked_centres: 'centre-b' },
  'lead-a': { name: 'Lead of centre A', endoked_role: 'Lead', endoked_centres: ['centre-a'] },
  'no-role': { name: 'Nobody in particular', endoked_centres: ['centre-a'] },
};

const page = (title, body) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1>${body}</body></html>`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: env('CLIENT_ID'),
    client_secret: env('CLIENT_SECRET'),
    redirect_uris: [env('REDIRECT_URI')],
    post_logout_redirect_uris: [env('POST_LOGOUT_REDIRECT_URI')],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'endoked_role', 'endoked_centres'] },
  conformIdTokenClaims: placement === 'userinfo',
  features: {
    devInteractions: { enabled: false },
    userinfo: { enabled: placement === 'userinfo' },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Sign out of the test provider?', `${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>`);
      },
    },
  },
  cookies: { keys: ['endoked-test-provider-only'] },
  async findAccount(ctx, id) {
    const user = users[id];
    if (!user) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, preferred_username: id, ...user }) };
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
});

const readForm = (req) => new Promise((resolve, reject) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => resolve(new URLSearchParams(body)));
  req.on('error', reject);
});

// The sign-in page: a user name (no password: a test provider), then a grant for the scopes asked, without a consent page.
async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(page('Test hospital sign-in', `<form method="post" action="/interaction/${uid}">
      <label for="login">User</label><input id="login" name="login" autofocus>
      <button type="submit">Sign in</button></form>`));
    return;
  }
  const login = (await readForm(req)).get('login') ?? '';
  if (!users[login]) {
    res.statusCode = 400;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(page('Unknown user', `<p>No test user '${login.replace(/[^a-z0-9-]/gi, '')}'.</p>`));
    return;
  }
  const grant = new provider.Grant({ accountId: login, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId: login }, consent: { grantId } }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
http.createServer((req, res) => {
  const match = /^\/interaction\/([^/?]+)/.exec(req.url ?? '');
  if (!match) return callback(req, res);
  interaction(req, res, match[1]).catch((error) => {
    res.statusCode = 500;
    res.end(String(error));
  });
}).listen(port, () => console.log(`oidc-provider listening on ${issuer} (claims: ${placement})`));
