import { describe, expect, it } from 'vitest';
import { ajpBindHost, ajpPort, apacheIncludes, apacheListen, configdbTarget } from '../../src/ox/endpoint-config.js';

describe('OX endpoint discovery', () => {
  it('reads the AJP port of OX6 and OX7 property files and the configdb jdbc URL', () => {
    expect(ajpPort('# comment\nAJP_PORT=8010\nAJP_JVM_ROUTE=OX-1\n')).toBe(8010);
    expect(ajpPort('com.openexchange.connector.networkListenerPort=8009\n')).toBe(8009);
    expect(ajpPort('')).toBeUndefined();
    expect(configdbTarget('readUrl=jdbc:mysql://localhost:3313/configdb\n')).toEqual({ host: '127.0.0.1', port: 3313 });
    expect(configdbTarget('writeUrl=jdbc:mysql://db1.example.com/configdb\n')).toEqual({
      host: 'db1.example.com',
      port: 3306,
    });
  });

  it('reads the AJP bind address of OX6 (":" or "=" separated); "*" and localhost are probed on loopback', () => {
    expect(ajpBindHost('AJP_PORT:8009\nAJP_BIND_ADDR:192.168.109.114\n')).toBe('192.168.109.114');
    expect(ajpBindHost('AJP_BIND_ADDR=*\n')).toBe('127.0.0.1');
    expect(ajpBindHost('AJP_BIND_ADDR = localhost\n')).toBe('127.0.0.1');
    expect(ajpBindHost('AJP_PORT=8009\n')).toBeUndefined();
  });

  it("reads Apache's first Listen directive (RHEL httpd.conf and Debian ports.conf forms)", () => {
    expect(apacheListen('# Listen 12.34.56.78:80\nListen 80\n')).toEqual({ host: '127.0.0.1', port: 80 });
    expect(apacheListen('ServerRoot "/etc/httpd"\nListen 192.168.109.113:8080\n')).toEqual({
      host: '192.168.109.113',
      port: 8080,
    });
    expect(apacheListen('Listen [::]:80\n')).toEqual({ host: '127.0.0.1', port: 80 });
    expect(apacheListen('<IfModule ssl_module>\n')).toBeUndefined();
  });

  it("follows Apache's literal Includes (Debian's ports.conf) but not globs", () => {
    expect(
      apacheIncludes('Include ports.conf\nIncludeOptional conf-enabled/*.conf\nInclude "/etc/httpd/conf.d/ssl.conf"\n'),
    ).toEqual(['ports.conf', '/etc/httpd/conf.d/ssl.conf']);
  });
});
