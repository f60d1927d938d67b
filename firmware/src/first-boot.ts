/**
 * The appliance as it boots: with an enrolled identity, started with it (device id, store,
 * broker, mutual TLS); without one and with `provisioning.hqUrl` set, started as it is while
 * enrollment runs beside it (the pairing slip printed on its printer, the code on the sign-in
 * screen through GET /api/v1/provisioning), then restarted with the new identity once HQ
 * entered the code. With no `provisioning.hqUrl` nothing of enrollment runs.
 */
import { Appliance, type ApplianceOptions } from '../../runtime/src/app.ts';
import { LoupeError } from '../../runtime/src/errors.ts';
import { Enrollment, enrolledLink, type EnrolledLink } from '../../provisioning/src/enrollment.ts';
import { withIdentity } from '../../provisioning/src/identity-settings.ts';

export class ProvisionedAppliance {
  readonly #options: ApplianceOptions;
  #appliance: Appliance | undefined;
  #enrollment: Enrollment | undefined;
  #enrolled: Promise<void> | undefined;
  #stopping = false;

  constructor(options: ApplianceOptions) {
    this.#options = options;
  }

  get appliance(): Appliance {
    if (!this.#appliance) throw new Error('the appliance has not started');
    return this.#appliance;
  }

  /** Resolves once the box is enrolled and running with its identity (for tests and the bench). */
  get enrolled(): Promise<void> {
    return this.#enrolled ?? Promise.resolve();
  }

  async start(): Promise<string> {
    const { dataDir, settings, logger } = this.#options;
    const link = await enrolledLink(dataDir);
    if (link || !settings.provisioning.hqUrl) return this.#startWith(link);
    if (!settings.provisioning.caFingerprint) {
      throw new LoupeError('LOUPE_E_SETTINGS_INVALID', { key: 'provisioning.caFingerprint' }, 'provisioning.caFingerprint must be set with provisioning.hqUrl: it is the only HQ the box trusts');
    }
    const enrollment = new Enrollment({
      dataDir,
      deviceId: settings.device.id,
      hqUrl: settings.provisioning.hqUrl,
      caFingerprint: settings.provisioning.caFingerprint,
      pollMs: settings.provisioning.pollMs,
      print: (id, slip) => this.appliance.printPage(id, slip),
      logger: logger.child({ module: 'enrollment' }),
    });
    this.#enrollment = enrollment;
    const address = await this.#startWith(null);
    this.#enrolled = enrollment.run().then(async (enrolled) => {
      if (!enrolled || this.#stopping) return;
      logger.info({ deviceId: enrolled.deviceId, storeId: enrolled.storeId }, 'enrolled: restarting with the new identity');
      await this.#appliance?.stop();
      await this.#startWith(enrolled);
    });
    return address;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#enrollment?.stop();
    await this.#enrolled?.catch(() => undefined);
    await this.#appliance?.stop();
  }

  async #startWith(link: EnrolledLink | null): Promise<string> {
    const settings = link ? withIdentity(this.#options.settings, link) : this.#options.settings;
    const enrollment = this.#enrollment;
    this.#appliance = new Appliance({
      ...this.#options,
      settings,
      provisioning: {
        status: () => (link ? { state: 'enrolled', deviceId: link.deviceId, storeId: link.storeId } : (enrollment?.status() ?? { state: 'not-configured', deviceId: settings.device.id })),
        firstManagerCode: () => link?.firstManager ?? null,
      },
    });
    return this.#appliance.start();
  }
}
