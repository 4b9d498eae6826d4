// A minimal browser for driving OAuth2 flows: a cookie jar per host and one request at a time,
// never following redirects itself, so a test sees every hop.
export class Browser {
  constructor() {
    this.cookies = new Map(); // host -> Map(name -> value)
  }

  /** Requests `url` with this browser's cookies; returns { status, location, body, headers }. */
  async open(url, { method = 'GET', form } = {}) {
    const target = new URL(url);
    const jar = this.cookies.get(target.host) ?? new Map();
    const headers = {};
    if (jar.size > 0) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let body;
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(form).toString();
    }
    const response = await fetch(target, { method, headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)) || attributes.some((a) => /^\s*max-age=0$/i.test(a));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    this.cookies.set(target.host, jar);
    const location = response.headers.get('location');
    return { url: target.href, status: response.status, location: location ? new URL(location, target).href : null, body: await response.text(), headers: response.headers };
  }

  /** Follows redirects while they stay on `host`; returns the first response that leaves it or is not a redirect. */
  async follow(url, host) {
    let response = await this.open(url);
    while (response.location && new URL(response.location).host === host) {
      response = await this.open(response.location);
    }
    return response;
  }
}
