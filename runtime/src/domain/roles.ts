/**
 * Roles and the permission matrix: the one place that says who may do what.
 * A route or command names the permission it needs; a role holds it or not. A selling-floor limit
 * (a `LENDABLE` permission) can be lifted on the spot by a manager's approval (`approval.grant`),
 * and only for a role that sells; nothing else is ever lent. Reads and writes are separate
 * permissions, so a read-only role (the auditor) reads everything and changes nothing.
 */
export const ROLES = ['associate', 'senior', 'manager', 'jeweler', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'session.use': 'Sign in, lock and unlock the screen',
  'catalog.read': 'Look up pieces and their prices',
  'catalog.readCost': 'See what a piece cost',
  'catalog.receive': 'Add pieces to stock',
  'catalog.reprice': 'Change the retail price of a piece',
  'catalog.printCertificate': 'Print a piece’s certificate of sale or appraisal at the counter',
  'catalog.adjust': 'Approve a stock count that differs from the quantity on hand',
  'sale.read': 'See open and parked sales, receipts, gift-card balances and the rates foreign cash is taken at',
  'sale.sell': 'Ring up, park, resume and complete sales; void a sale not yet paid; reprint receipts',
  'sale.discountOverride': 'Give a discount above one’s own limit, or sell below cost',
  'sale.void': 'Void a sale that has tenders on it',
  'sale.sellReserved': 'Sell a piece that is reserved for a client',
  'sale.tradeIn': 'Take a client’s piece in trade at an appraised value',
  'sale.refund': 'Take returns and give refunds',
  'cash.till': 'Open the till with a float; put cash in or take it out',
  'cash.noSale': 'Open the drawer without a sale',
  'cash.report': 'Read the X report: what the till should hold now',
  'cash.close': 'Print the X report and close the till with a Z report',
  'staff.read': 'See the staff list',
  'staff.manage': 'Add staff, change roles, reset PINs',
  'audit.read': 'Read and verify the audit trail',
  'settings.read': 'Read the appliance settings',
  'approval.grant': 'Approve another person’s action with a PIN',
  'system.backup': 'Back up the ledger',
  'stock.read': 'See counts, sweeps, accuracy, transfers and movements',
  'stock.count': 'Count the store with the RFID handheld; sign opening and closing counts',
  'stock.tag': 'Encode and bind a piece’s RFID tag at the counter',
  'stock.move': 'Move pieces: between locations and stores, memo out and in, back to the vendor, missing and found',
  'stock.adjust': 'Correct stock records; approve a count that does not match with a note',
  'client.read': 'Find clients and open their profiles (contacts, preferences, history)',
  'client.write': 'Add clients and change their profiles, consents, notes and appointments',
  'client.figures': 'See a client’s financial figures: lifetime value, spend, tier progress',
  'client.identify': 'Record a client’s identity document for large cash, and see identity details (birth, address)',
  'client.revealIdentity': 'Reveal a client’s full identity numbers (masked everywhere else), recorded with the reason',
  'client.outreach': 'Send the outreach list to HQ for messaging',
  'client.merge': 'Merge a duplicate client into another',
  'client.privacy': 'Export a client’s data, or erase it on their request',
  'compliance.read': 'See the large-cash records (Form 8300)',
  'compliance.file': 'Mark a large-cash record as filed',
  'demo.play': 'Play the simulated counter’s devices (only where the simulated counter runs)',
} as const;
export type Permission = keyof typeof PERMISSIONS;

const ASSOCIATE: Permission[] = ['session.use', 'catalog.read', 'catalog.printCertificate', 'sale.read', 'sale.sell', 'stock.read', 'stock.count', 'client.read', 'client.write', 'client.outreach'];
const SENIOR: Permission[] = [...ASSOCIATE, 'catalog.receive', 'sale.refund', 'sale.tradeIn', 'cash.till', 'stock.tag', 'stock.move', 'client.figures', 'client.identify'];
const MANAGER: Permission[] = [
  ...SENIOR,
  'catalog.readCost',
  'catalog.reprice',
  'catalog.adjust',
  'sale.discountOverride',
  'sale.void',
  'sale.sellReserved',
  'cash.noSale',
  'cash.report',
  'cash.close',
  'staff.read',
  'staff.manage',
  'audit.read',
  'settings.read',
  'approval.grant',
  'system.backup',
  'stock.adjust',
  'client.merge',
  'client.privacy',
  'client.revealIdentity',
  'compliance.read',
  'compliance.file',
  'demo.play',
];

/** The matrix. Jewelers work the repair bench; auditors read everything and change nothing; admins run the box. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  associate: new Set(ASSOCIATE),
  senior: new Set(SENIOR),
  manager: new Set(MANAGER),
  jeweler: new Set<Permission>(['session.use', 'catalog.read']),
  auditor: new Set<Permission>(['session.use', 'catalog.read', 'catalog.readCost', 'sale.read', 'cash.report', 'staff.read', 'audit.read', 'settings.read', 'stock.read', 'client.read', 'client.figures', 'compliance.read']),
  admin: new Set<Permission>(['session.use', 'catalog.read', 'staff.read', 'staff.manage', 'audit.read', 'settings.read', 'system.backup']),
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/**
 * The selling-floor limits a manager's approval may lift for one action (reading the till's X
 * report at the counter among them). Never `staff.manage`, privacy, backup or settings: those are
 * held or not.
 */
export const LENDABLE: ReadonlySet<Permission> = new Set<Permission>([
  'sale.discountOverride',
  'sale.void',
  'sale.sellReserved',
  'sale.tradeIn',
  'sale.refund',
  'cash.till',
  'cash.noSale',
  'cash.report',
  'catalog.reprice',
  'catalog.adjust',
  'stock.adjust',
  'client.identify',
  'client.merge',
]);

/**
 * May an approval lend this permission to this role: a lendable limit, to a role that sells.
 * A read-only role (auditor) never becomes a writer, and a jeweler or admin never sells.
 */
export function lendable(role: Role, permission: Permission): boolean {
  return LENDABLE.has(permission) && roleAllows(role, 'sale.sell');
}

/** A role holds every permission of another (it may grant that role, or reset the PIN of someone holding it). */
export function covers(role: Role, other: Role): boolean {
  return [...ROLE_PERMISSIONS[other]].every((permission) => roleAllows(role, permission));
}

/** Adding or promoting someone to a role that manages staff takes a second manager's or admin's PIN. */
export function needsSecondPerson(role: Role): boolean {
  return canManageStaff(role);
}

/** Permissions a holder still exercises with a second holder's approval (for `needsSecondPerson`). */
export function countersigned(permission: Permission): boolean {
  return permission === 'staff.manage';
}

/** Roles that keep the store administrable: at least one active staff member must hold `staff.manage`. */
export function canManageStaff(role: Role): boolean {
  return roleAllows(role, 'staff.manage');
}
