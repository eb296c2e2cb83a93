// The config layer: loading, discovery, secrets, show and validate.
export type { SiteConfig, RangePair } from './types.js';
export { loadConfig, loadConfigDetailed, loadConfigText, type LoadOptions } from './load.js';
export { detailsOf, type LoadedConfig } from './details.js';
export { embeddedDefault, EMBEDDED_SOURCE } from './embedded.js';
export { completeFromHosts, type Completion } from './complete.js';
export { showConfig, validateConfig, type Validation } from './show.js';
export { ConfigError } from './errors.js';
export { searchPath, findConfigFile } from './find.js';
export { discoverHost, type HostDiscovery } from './discover-host.js';
export { discoverEndpoints, type EndpointDiscovery } from './discover-endpoints.js';
export { localFiles, type FileReader } from './file-reader.js';
