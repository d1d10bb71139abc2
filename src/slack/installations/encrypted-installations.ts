import type { Installation, InstallationQuery, InstallationStore as BoltInstallationStore } from '@slack/bolt';
import type { Logger } from '../../observability/logger.js';
import type { InstallationOwner, InstallationStore } from '../../store/installation-store.js';
import { type TokenCipher, UnsealError } from './token-cipher.js';

// Bolt's InstallationStore over Herald's store: the OAuth flow saves through it, and Herald reads back through
// `read`. Each installation is sealed whole (tokens, scopes, ids) before it reaches the database.
//
// A row that cannot be opened (another HERALD_ENCRYPTION_KEY, or damage) is logged in plain words and treated
// as "not installed": requests from that workspace get told to reinstall; nothing crashes.

export interface EncryptedInstallations extends BoltInstallationStore {
  /** The installation in the clear, or null when there is none or it cannot be read (logged). */
  read(owner: InstallationOwner): Promise<Installation | null>;
  /** Deletes the owner's installation, tokens and all. False when there was none. */
  forget(owner: InstallationOwner): Promise<boolean>;
  /** Tries every stored installation with the current key and logs, in one line, those it cannot read. */
  checkReadable(): Promise<{ total: number; unreadable: number }>;
}

export function ownerOfInstallation(installation: Installation): InstallationOwner {
  const isEnterpriseInstall = installation.isEnterpriseInstall === true;
  return { teamId: installation.team?.id ?? null, enterpriseId: installation.enterprise?.id ?? null, isEnterpriseInstall };
}

export function ownerOfQuery(query: InstallationQuery<boolean>): InstallationOwner {
  return { teamId: query.teamId ?? null, enterpriseId: query.enterpriseId ?? null, isEnterpriseInstall: query.isEnterpriseInstall };
}

/** Names the owner in logs and errors: ids only, which are not secret. */
export function describeOwner(owner: InstallationOwner): string {
  return owner.isEnterpriseInstall ? `org ${owner.enterpriseId ?? '?'}` : `workspace ${owner.teamId ?? '?'}`;
}

export function createEncryptedInstallations(deps: {
  installations: InstallationStore;
  cipher: TokenCipher;
  logger: Logger;
  clock: () => Date;
}): EncryptedInstallations {
  const { installations, cipher, logger, clock } = deps;

  const open = (sealed: string): { installation: Installation } | { why: string } => {
    try {
      return { installation: JSON.parse(cipher.open(sealed)) as Installation };
    } catch (error) {
      return { why: error instanceof UnsealError ? error.message : 'it is not a readable installation' };
    }
  };

  const read = async (owner: InstallationOwner): Promise<Installation | null> => {
    const record = await installations.getInstallation(owner);
    if (!record) return null;
    const opened = open(record.sealedInstallation);
    if ('installation' in opened) return opened.installation;
    logger.error(
      { teamId: owner.teamId, enterpriseId: owner.enterpriseId },
      `the stored installation of ${describeOwner(owner)} cannot be read: ${opened.why}. Start Herald with the key it had, or install Herald in that workspace again (/slack/install)`,
    );
    return null;
  };

  return {
    read,
    async forget(owner) {
      return installations.deleteInstallation(owner);
    },
    async checkReadable() {
      const records = await installations.listInstallations();
      const unreadable = records.filter((record) => !('installation' in open(record.sealedInstallation)));
      if (unreadable.length > 0) {
        logger.error(
          { unreadable: unreadable.map((record) => describeOwner(record)), total: records.length },
          `${unreadable.length} of the ${records.length} stored workspace installations cannot be read with this HERALD_ENCRYPTION_KEY: ` +
            'Herald answers those workspaces that it is not installed. If the key was changed by mistake, restart Herald with the key it had; otherwise install Herald in those workspaces again (/slack/install)',
        );
      }
      return { total: records.length, unreadable: unreadable.length };
    },
    async storeInstallation(installation) {
      const owner = ownerOfInstallation(installation);
      await installations.saveInstallation(
        { ...owner, botUserId: installation.bot?.userId ?? null, sealedInstallation: cipher.seal(JSON.stringify(installation)) },
        clock(),
      );
      logger.info({ teamId: owner.teamId, enterpriseId: owner.enterpriseId }, `Herald was installed in ${describeOwner(owner)}`);
    },
    async fetchInstallation(query) {
      const owner = ownerOfQuery(query);
      const installation = await read(owner);
      if (!installation) throw new Error(`Herald is not installed in ${describeOwner(owner)}`);
      return installation;
    },
    async deleteInstallation(query) {
      await installations.deleteInstallation(ownerOfQuery(query));
    },
  };
}
