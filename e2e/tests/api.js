// Direct API calls for browser tests that prepare their own data (captcha check is off in e2e).
import { BASE_URL } from './browser.js';

async function call(method, path, { token, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${BASE_URL}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${text}`);
  return json;
}

export const api = {
  get: (path, token) => call('GET', path, { token }),
  post: (path, token, body) => call('POST', path, { token, body }),
  put: (path, token, body) => call('PUT', path, { token, body }),
};

/** Logs in through the API and returns the access token. */
export async function apiLogin(account, password) {
  const captcha = await api.post('/api/auth/captcha');
  const out = await api.post('/api/auth/login', undefined, {
    account,
    password,
    captcha_id: captcha.captcha_id,
    captcha_answer: 'abcd',
  });
  return out.access_token;
}

/** A unique suffix so that each run registers new units. */
export const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** Registers a unit (企业注册) and answers its login. */
export async function registerUnit(unitName, email, password) {
  const captcha = await api.post('/api/auth/captcha');
  return api.post('/api/registrations', undefined, {
    unit_name: unitName,
    email,
    password,
    captcha_id: captcha.captcha_id,
    captcha_answer: 'abcd',
  });
}

/** A tiny PDF for uploads. */
export const PDF = {
  name: '营业执照.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
};
