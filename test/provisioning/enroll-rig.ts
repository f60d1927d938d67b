/**
 * Everything enrollment touches, real and on loopback: HQ's device CA in a temp folder, the sample
 * broker configuration (images/mosquitto/, mutual TLS, ACL, crlfile) on Mosquitto, HQ's ingest
 * workers with their own certificate, HQ's API over HTTPS on PostgreSQL (HQ's CRL rewrites SIGHUP
 * the broker, as loupe-crl-reload.path does), and a receipt printer simulator with the real driver.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'mqtt';
import { EscPosPrinter } from '../../drivers/printer/printer.ts';
import { PrinterSimulator } from '../../drivers/printer/simulator.ts';
import { tcpOpener } from '../../drivers/serial/openers.ts';
import { CA_FILES, DeviceCa } from '../../hq/src/ca/device-ca.ts';
import { startHqApi, type RunningHqApi } from '../../hq/src/api/hq-api.ts';
import { Enrollment, type EnrolledLink } from '../../provisioning/src/enrollment.ts';
import { decodeEscPos } from '../drivers/helpers/escpos-decoder.ts';
import { createLogger } from '../../runtime/src/logger.ts';
import { HqRig, memoryLogger } from '../helpers/link-rig.ts';
import { MosquittoBroker, sampleBrokerConfig } from '../helpers/mosquitto.ts';
import type { PostgresCluster } from '../helpers/postgres.ts';

export const ADMIN_TOKEN = 'test-admin-token-7f3a';

export class EnrollRig {
  readonly caDir: string;
  readonly ca: DeviceCa;
  readonly broker: MosquittoBroker;
  readonly hq: HqRig;
  readonly api: RunningHqApi;
  readonly printerSim: PrinterSimulator;
  readonly printer: EscPosPrinter;

  private constructor(parts: { caDir: string; ca: DeviceCa; broker: MosquittoBroker; hq: HqRig; api: RunningHqApi; printerSim: PrinterSimulator; printer: EscPosPrinter }) {
    this.caDir = parts.caDir;
    this.ca = parts.ca;
    this.broker = parts.broker;
    this.hq = parts.hq;
    this.api = parts.api;
    this.printerSim = parts.printerSim;
    this.printer = parts.printer;
  }

  static async start(cluster: PostgresCluster): Promise<EnrollRig> {
    const caDir = mkdtempSync(join(tmpdir(), 'loupe-hq-ca-'));
    const ca = await DeviceCa.init(caDir, { hosts: ['127.0.0.1', 'localhost'] });
    const worker = await ca.issueWithKey('CN=hq-ingest-1', {});
    const broker = await MosquittoBroker.start({
      config: sampleBrokerConfig({ serverCert: join(caDir, CA_FILES.serverCert), serverKey: join(caDir, CA_FILES.serverKey), caCert: join(caDir, CA_FILES.cert), crl: join(caDir, CA_FILES.crl) }),
    });
    const brokerUrl = `mqtts://127.0.0.1:${broker.port}`;
    const hq = await HqRig.start(cluster, { brokerUrl, tls: [{ ca: Buffer.from(ca.pem), cert: Buffer.from(worker.pem), key: Buffer.from(worker.keyPem) }] });
    const api = await startHqApi(
      {
        port: 0,
        host: '127.0.0.1',
        caDir,
        adminToken: ADMIN_TOKEN,
        deviceBrokerUrl: brokerUrl,
        onCrlWritten: () => {
          if (broker.pid) process.kill(broker.pid, 'SIGHUP');
        },
      },
      hq.pool,
      createLogger('silent'),
      'test',
    );
    const printerSim = new PrinterSimulator({ transport: 'tcp' });
    await printerSim.start();
    const printer = new EscPosPrinter({ device: 'receipt-printer', opener: tcpOpener(printerSim.host, printerSim.port), backoffMs: [50, 100], statusPollMs: 200, statusTimeoutMs: 500, printTimeoutMs: 2000 });
    await printer.start();
    return new EnrollRig({ caDir, ca, broker, hq, api, printerSim, printer });
  }

  get brokerUrl(): string {
    return `mqtts://127.0.0.1:${this.broker.port}`;
  }

  /** A till's first boot: enrollment against this HQ, printing on this printer. */
  enrollment(dataDir: string, deviceId: string, pollMs = 100): Enrollment {
    return new Enrollment({
      dataDir,
      deviceId,
      hqUrl: this.api.address,
      caFingerprint: this.ca.fingerprint,
      pollMs,
      print: async (id, slip) => void (await this.printer.print({ id, receipt: slip })),
      logger: memoryLogger().logger,
    });
  }

  /** The pairing codes the printer printed so far (read back from its ESC/POS bytes: the CODE128). */
  printedCodes(): string[] {
    return decodeEscPos(this.printerSim.bytes()).barcodes.map((barcode) => barcode.data);
  }

  /** A person at HQ enters the code (the HQ API, admin token). */
  approve(body: { code: string; storeId: string; replaces?: string }) {
    return this.api.app.inject({ method: 'POST', url: '/api/v1/enrollments/approve', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: body });
  }

  revoke(deviceId: string) {
    return this.api.app.inject({ method: 'POST', url: `/api/v1/devices/${deviceId}/revoke`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  }

  /** Whether the broker lets a client with these TLS files (or none) finish CONNECT: 'connected' or the error. */
  async tryConnect(clientId: string, tls: { cert?: Buffer; key?: Buffer }): Promise<string> {
    const client = connect(this.brokerUrl, { protocolVersion: 5, clientId, reconnectPeriod: 0, connectTimeout: 5000, ca: Buffer.from(this.ca.pem), ...tls });
    try {
      return await new Promise<string>((resolve) => {
        client.once('connect', () => resolve('connected'));
        client.once('error', (error) => resolve(error.message));
        client.once('close', () => resolve('closed'));
      });
    } finally {
      client.end(true);
    }
  }

  async stop(): Promise<void> {
    await this.printer.stop();
    await this.printerSim.stop();
    await this.api.stop();
    await this.hq.stop();
    await this.broker.stop();
    rmSync(this.caDir, { recursive: true, force: true });
  }
}

export function linkFiles(link: EnrolledLink): { cert: Buffer; key: Buffer } {
  return { cert: readFileSync(link.tls.certFile), key: readFileSync(link.tls.keyFile) };
}
