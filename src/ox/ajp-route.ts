// The route an OX node puts after its session ids: OX6 ajp.properties AJP_JVM_ROUTE, OX7 server.properties
// com.openexchange.server.backendRoute. mod_proxy_balancer's route= for that node must be the same.

export const AJP_ROUTE_FILES = [
  '/opt/open-xchange/etc/groupware/ajp.properties', // OX6 (the seed: node8888, node9999)
  '/opt/open-xchange/groupware/ajp.properties', // as the seed's text writes it
  '/opt/open-xchange/etc/server.properties', // OX7
];

export interface AjpRouteConfig {
  readonly route: string;
  readonly key: string;
  readonly bindAddress?: string; // AJP_BIND_ADDR, when the node binds one address
}

export function parseAjpRoute(text: string): AjpRouteConfig | undefined {
  const m = /^\s*(AJP_JVM_ROUTE|com\.openexchange\.server\.backendRoute)\s*[=:]\s*(\S+)/m.exec(text);
  if (!m?.[1] || !m[2]) return undefined;
  const bind = /^\s*AJP_BIND_ADDR\s*[=:]\s*(\S+)/m.exec(text)?.[1];
  return { key: m[1], route: m[2], ...(bind && bind !== '*' ? { bindAddress: bind } : {}) };
}
