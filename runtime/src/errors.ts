/**
 * The one registry of Loupe's coded errors.
 *
 * Every error a caller can see is declared here with its HTTP status and a hint that tells the
 * clerk, the technician or the integrator what to do next. Codes are never reused or renamed;
 * `docs/errors.md` lists them all and a test keeps the two in step.
 */
// The devices' codes, from the drivers' error module itself (not their index, which loads every driver).
import { DEVICE_ERRORS } from '../../drivers/errors.ts';

export interface ErrorDefinition {
  /** HTTP status the local API answers with. */
  readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 423 | 429 | 500 | 503;
  /** What went wrong, in words a clerk understands. */
  readonly message: string;
  /** What to do next. */
  readonly hint: string;
}

/** The runtime's own codes. Devices declare theirs beside the drivers (drivers/errors.ts). */
export const RUNTIME_ERRORS = {
  // --- API: the shape of a request
  LOUPE_E_API_VALIDATION: {
    status: 400,
    message: 'The request is not valid.',
    hint: 'Correct the fields named in details and send it again.',
  },
  LOUPE_E_API_NOT_FOUND: {
    status: 404,
    message: 'There is no such route.',
    hint: 'Check the address against the API documentation at /docs.',
  },
  LOUPE_E_API_BODY_TOO_LARGE: {
    status: 400,
    message: 'The request body is too large.',
    hint: 'Send a smaller request.',
  },
  LOUPE_E_API_MALFORMED_JSON: {
    status: 400,
    message: 'The request body is not valid JSON.',
    hint: 'Send a JSON body with the content type application/json.',
  },
  LOUPE_E_API_TEXT_INVALID: {
    status: 400,
    message: 'The request holds text that is not valid Unicode.',
    hint: 'Send the body as UTF-8 and every text as whole characters (no lone surrogate halves).',
  },
  LOUPE_E_API_BODY_NOT_EXPECTED: {
    status: 400,
    message: 'This request takes no body.',
    hint: 'Send it again without a body.',
  },
  LOUPE_E_API_BAD_URL: {
    status: 400,
    message: 'The address of the request is not valid.',
    hint: 'Percent-encode the address as UTF-8 and keep each part of it within the length shown in details.',
  },
  LOUPE_E_API_MEDIA_TYPE: {
    status: 400,
    message: 'The request body has a content type this route does not take.',
    hint: 'Send the body with the content type the API documentation at /docs gives for this route.',
  },
  LOUPE_E_API_BAD_REQUEST: {
    status: 400,
    message: 'The request could not be read.',
    hint: 'Check the request line and headers against the API documentation at /docs.',
  },

  // --- AUTH: who is asking, and may they
  LOUPE_E_AUTH_REQUIRED: {
    status: 401,
    message: 'Please sign in.',
    hint: 'Sign in with your staff number and PIN.',
  },
  LOUPE_E_AUTH_PIN_WRONG: {
    status: 401,
    message: 'That staff number and PIN do not match.',
    hint: 'Try again. After 5 wrong PINs the account is locked for a while.',
  },
  LOUPE_E_AUTH_LOCKED_OUT: {
    status: 423,
    message: 'Too many wrong PINs: this account is locked for now.',
    hint: 'Wait until the time shown, or ask a manager.',
  },
  LOUPE_E_AUTH_SCREEN_LOCKED: {
    status: 423,
    message: 'The screen is locked.',
    hint: 'Enter your PIN to unlock, or sign in as someone else.',
  },
  LOUPE_E_AUTH_FORBIDDEN: {
    status: 403,
    message: 'Your role does not allow this.',
    hint: 'Ask someone whose role allows it.',
  },
  LOUPE_E_AUTH_APPROVAL_REQUIRED: {
    status: 403,
    message: 'This needs a manager’s approval.',
    hint: 'Ask a manager to enter their staff number and PIN to approve it.',
  },
  LOUPE_E_AUTH_APPROVAL_INVALID: {
    status: 403,
    message: 'The approval is not valid for this action, or has expired.',
    hint: 'Ask the manager to approve again.',
  },
  LOUPE_E_AUTH_APPROVER_NOT_ALLOWED: {
    status: 403,
    message: 'That person cannot approve this action.',
    hint: 'A manager whose role allows the action must approve it.',
  },

  // --- STAFF
  LOUPE_E_STAFF_PIN_WEAK: {
    status: 422,
    message: 'That PIN is too easy to guess.',
    hint: 'Choose 4 to 8 digits that are not a run (1234), a repeat (1111, 1212) or a common PIN.',
  },
  LOUPE_E_STAFF_CODE_TAKEN: {
    status: 409,
    message: 'That staff number is already in use.',
    hint: 'Choose another staff number.',
  },
  LOUPE_E_STAFF_NOT_FOUND: {
    status: 404,
    message: 'There is no such staff member.',
    hint: 'Check the staff number.',
  },
  LOUPE_E_STAFF_LAST_ADMIN: {
    status: 409,
    message: 'This would leave the store without an active manager or admin.',
    hint: 'Add another manager or admin first.',
  },
  LOUPE_E_STAFF_ROLE_NOT_HELD: {
    status: 403,
    message: 'You cannot give a role, or reset the PIN of someone holding one, with permissions your own role does not hold.',
    hint: 'Ask a manager whose role holds every permission of that role.',
  },
  LOUPE_E_STAFF_SECOND_PERSON_REQUIRED: {
    status: 403,
    message: 'Adding or promoting a manager or admin takes a second manager’s or admin’s approval.',
    hint: 'Ask another manager or admin to approve with their staff number and PIN (approval for staff.manage).',
  },
  LOUPE_E_STAFF_CONSOLE_CLOSED: {
    status: 409,
    message: 'Staff can be added from the console only while no one on the box can manage staff.',
    hint: 'Ask the store’s manager to add the person at the counter.',
  },

  LOUPE_E_DEVICES_IN_USE: {
    status: 409,
    message: 'The appliance is running and holds the devices.',
    hint: 'Stop the appliance to test a device on its own, or look at the device states on /healthz.',
  },

  // --- CATALOG
  LOUPE_E_CATALOG_PIECE_NOT_FOUND: {
    status: 404,
    message: 'There is no such piece.',
    hint: 'Check the stock number, or scan the tag again.',
  },
  LOUPE_E_CATALOG_STOCK_NO_TAKEN: {
    status: 409,
    message: 'That stock number is already in use.',
    hint: 'Each piece needs its own stock number.',
  },
  LOUPE_E_CATALOG_CODE_TAKEN: {
    status: 409,
    message: 'That barcode or EPC already belongs to another piece.',
    hint: 'Check the tag or label; a code names one piece only.',
  },

  LOUPE_E_PIECE_MOVE_REFUSED: {
    status: 409,
    message: 'That piece cannot go there from where it is now.',
    hint: 'Check the piece’s status: a sold piece comes back only by a return, a piece on memo or in repair must come back first.',
  },
  LOUPE_E_CATALOG_PHOTO_INVALID: {
    status: 400,
    message: 'That photo cannot be added.',
    hint: 'Use a JPEG, PNG or WebP picture under 5 MB; a piece keeps at most 12 photos.',
  },
  LOUPE_E_CATALOG_PHOTO_NOT_FOUND: {
    status: 404,
    message: 'That piece has no such photo.',
    hint: 'Open the piece again to see its photos.',
  },
  LOUPE_E_CATALOG_IMPORT_INVALID: {
    status: 422,
    message: 'The catalog file has problems; nothing was imported.',
    hint: 'Correct the rows listed (line, column, reason) and import again, or import with skip-invalid to take only the good rows.',
  },

  // --- SALE
  LOUPE_E_SALE_CART_NOT_FOUND: {
    status: 404,
    message: 'That sale is no longer open.',
    hint: 'It may have been completed, parked or voided; start a new sale or resume a parked one.',
  },
  LOUPE_E_SALE_PIECE_UNAVAILABLE: {
    status: 409,
    message: 'That piece cannot be sold: it is not in stock.',
    hint: 'Check the piece’s status (sold, reserved, on layaway, in repair, on memo) before selling it.',
  },
  LOUPE_E_SALE_PIECE_RESERVED: {
    status: 409,
    message: 'That piece is reserved for a client.',
    hint: 'Sell it to the client it is held for with a manager’s approval, or ask a manager to release the reservation.',
  },
  LOUPE_E_SALE_OUT_OF_STOCK: {
    status: 409,
    message: 'There are not enough of that item on hand.',
    hint: 'Sell fewer, or count the shelf: if more are there, a manager can correct the quantity.',
  },
  LOUPE_E_SALE_PIECE_IN_ANOTHER_SALE: {
    status: 409,
    message: 'That piece is already in another open sale.',
    hint: 'Finish or void the other sale first.',
  },
  LOUPE_E_SALE_LINE_NOT_FOUND: {
    status: 404,
    message: 'There is no such line in this sale.',
    hint: 'Refresh the sale and try again.',
  },
  LOUPE_E_SALE_CART_REFUSED: {
    status: 422,
    message: 'The sale cannot be priced as it stands.',
    hint: 'The reason names the line or discount to correct.',
  },
  LOUPE_E_TENDER_ACCOUNT_NOT_FOUND: {
    status: 404,
    message: 'There is no gift card or credit note with that number.',
    hint: 'Scan the card’s barcode or type the number printed on it again; a gift card number has 16 digits.',
  },
  LOUPE_E_TENDER_BALANCE_SHORT: {
    status: 409,
    message: 'The gift card or credit note does not hold that much.',
    hint: 'Take what it still holds (shown in the details) and the rest by another payment.',
  },
  LOUPE_E_SALE_TENDER_REFUSED: {
    status: 422,
    message: 'That payment cannot be taken.',
    hint: 'The reason says why (a card cannot pay more than is due, foreign money must be cash, …); take another payment.',
  },
  LOUPE_E_SALE_CARD_DECLINED: {
    status: 422,
    message: 'The card was declined.',
    hint: 'Ask for another card or another way to pay; the sale is still open.',
  },
  LOUPE_E_SALE_CARD_CANCELLED: {
    status: 422,
    message: 'The card payment was cancelled.',
    hint: 'Start the card payment again when the client is ready; the sale is still open.',
  },
  LOUPE_E_SALE_CARD_UNKNOWN: {
    status: 503,
    message: 'The card terminal did not say whether the payment went through.',
    hint: 'Look at the terminal’s screen or its receipt. If it was approved, enter it as a card payment with its approval code; if not, try again.',
  },
  LOUPE_E_SALE_CARD_REVERSAL_FAILED: {
    status: 503,
    message: 'The card payment could not be reversed on the terminal.',
    hint: 'Refund it on the terminal by hand, then void the sale again.',
  },
  LOUPE_E_SALE_NOT_PAID: {
    status: 409,
    message: 'The sale is not fully paid yet.',
    hint: 'Take the remaining amount before completing the sale.',
  },
  LOUPE_E_SALE_EMPTY: {
    status: 409,
    message: 'The sale has no pieces in it.',
    hint: 'Scan or look up a piece to add it.',
  },
  LOUPE_E_SALE_RECEIPT_NOT_FOUND: {
    status: 404,
    message: 'There is no sale with that receipt number.',
    hint: 'Scan the barcode on the receipt, or type the number as printed: store-till-number.',
  },
  LOUPE_E_SALE_RETURN_REFUSED: {
    status: 422,
    message: 'That return cannot be taken.',
    hint: 'The reason says why: already refunded, outside the return window, or a final sale.',
  },

  // --- CASH
  LOUPE_E_CASH_TILL_CLOSED: {
    status: 409,
    message: 'The till is not open.',
    hint: 'Open the till with its counted float before selling or moving cash.',
  },
  LOUPE_E_CASH_TILL_OPEN: {
    status: 409,
    message: 'The till is already open.',
    hint: 'Close it with a Z report before opening it again.',
  },
  LOUPE_E_CASH_COUNT_INVALID: {
    status: 422,
    message: 'The cash count cannot be used.',
    hint: 'Count again by denomination, using only the notes and coins of that currency.',
  },

  // --- CLIENTS: the client book, large cash, loyalty
  LOUPE_E_CASH_IDENTITY_REQUIRED: {
    status: 422,
    message: 'This much cash from one client needs their verified identity.',
    hint: 'Attach the client to the sale and record their identity document, or take the rest by card.',
  },
  LOUPE_E_CASH_CAP_EXCEEDED: {
    status: 422,
    message: 'This is more cash than the store may take from one client.',
    hint: 'Take at most the amount shown in cash and the rest by card or transfer.',
  },
  LOUPE_E_CLIENT_NOT_FOUND: {
    status: 404,
    message: 'There is no such client.',
    hint: 'Search the client book again; a merged client is found under the record it was merged into.',
  },
  LOUPE_E_CLIENT_MERGE_REFUSED: {
    status: 422,
    message: 'These two client records cannot be merged.',
    hint: 'Merge two different records that are both still in the client book.',
  },
  LOUPE_E_CLIENT_ERASE_RETAINED: {
    status: 409,
    message: 'This client’s data must be kept by law for now, so it cannot be erased.',
    hint: 'Large-cash records (Form 8300) are kept five years; tell the client, and erase the record once that time is over.',
  },
  LOUPE_E_CLIENT_FORM_NOT_FOUND: {
    status: 404,
    message: 'There is no such large-cash record.',
    hint: 'Open the list of large-cash records and choose one from it.',
  },
  LOUPE_E_CLIENT_NO_IDENTITY: {
    status: 404,
    message: 'No identity document has been recorded for this client.',
    hint: 'Record the identity document the client shows first.',
  },
  LOUPE_E_LOYALTY_NO_CLIENT: {
    status: 422,
    message: 'Points can only pay for a sale attached to a client.',
    hint: 'Attach the client to the sale first.',
  },
  LOUPE_E_LOYALTY_POINTS_SHORT: {
    status: 422,
    message: 'The client does not have enough points for that.',
    hint: 'Take fewer points (the balance is shown) and the rest by another tender.',
  },

  // --- SETTINGS
  LOUPE_E_SETTINGS_INVALID: {
    status: 422,
    message: 'The settings are not valid.',
    hint: 'Correct the setting named in the message; the allowed values are listed there.',
  },
  LOUPE_E_SETTINGS_TOO_NEW: {
    status: 422,
    message: 'The settings file was written by a newer Loupe release.',
    hint: 'Install that release again, or restore an older settings file.',
  },

  // --- LEDGER
  LOUPE_E_LEDGER_FULL: {
    status: 503,
    message: 'The appliance’s storage is full: this was not saved.',
    hint: 'Everything saved before is safe. Keep the sale open (or note it on paper) and call support to free space; then try again.',
  },
  LOUPE_E_LEDGER_TOO_NEW: {
    status: 500,
    message: 'The ledger was written by a newer Loupe release.',
    hint: 'Install that release again; never open a newer ledger with an older release.',
  },
  LOUPE_E_LEDGER_NOT_FOUND: {
    status: 404,
    message: 'There is no ledger in that data folder.',
    hint: 'Check --data or LOUPE_DATA_DIR; loupe start creates a new ledger in an empty folder.',
  },
  LOUPE_E_LEDGER_BACKUP_INVALID: {
    status: 422,
    message: 'That file is not a usable Loupe ledger backup.',
    hint: 'Choose another backup file; this one failed its integrity or audit check.',
  },
  LOUPE_E_LEDGER_IN_USE: {
    status: 409,
    message: 'The ledger is in use by a running appliance.',
    hint: 'Stop the appliance before restoring a backup.',
  },

  // --- LINK
  LOUPE_E_LINK_NOT_CONFIGURED: {
    status: 503,
    message: 'The HQ link is not set up on this till.',
    hint: 'The store keeps selling on its own. To report to HQ, a technician sets hq.brokerUrl and the certificate files in the settings.',
  },
  LOUPE_E_LINK_CONNECT_FAILED: {
    status: 503,
    message: 'The till cannot reach HQ right now.',
    hint: 'Keep selling: nothing is lost, every sale waits in the outbox and is sent when HQ is reachable again. If it lasts, check the network and the broker address.',
  },
  LOUPE_E_LINK_TLS_FILES: {
    status: 500,
    message: 'The till’s HQ certificate, key or CA file cannot be read.',
    hint: 'A technician checks hq.tls.certFile, hq.tls.keyFile and hq.tls.caFile in the settings, and that the files exist and are readable.',
  },
  LOUPE_E_LINK_PAYLOAD_MALFORMED: {
    status: 400,
    message: 'A message on the HQ link is not valid JSON and was ignored.',
    hint: 'Nothing was changed. The integrator sends UTF-8 JSON as described in docs/asyncapi.yaml.',
  },
  LOUPE_E_LINK_PAYLOAD_INVALID: {
    status: 422,
    message: 'A message on the HQ link does not match its schema and was ignored.',
    hint: 'Nothing was changed. The integrator corrects the fields named in details, following docs/asyncapi.yaml.',
  },
  LOUPE_E_LINK_TOPIC_UNKNOWN: {
    status: 404,
    message: 'A message arrived on an HQ link topic this till does not know.',
    hint: 'Nothing was changed. The integrator checks the topic against docs/asyncapi.yaml.',
  },
  LOUPE_E_LINK_DEVICE_MISMATCH: {
    status: 403,
    message: 'A message names a different till than the topic it came on.',
    hint: 'Nothing was stored. Check the device id in the message and in the certificate; a till may only speak for itself.',
  },
  LOUPE_E_LINK_DOCUMENT_STALE: {
    status: 409,
    message: 'HQ sent an older version of a document than the one in use, so it was ignored.',
    hint: 'Nothing to do at the till. HQ sends a newer version when it wants a change.',
  },
  LOUPE_E_LINK_DOCUMENT_REJECTED: {
    status: 422,
    message: 'A document from HQ could not be applied, so nothing in it was changed.',
    hint: 'The till keeps the version it had. HQ corrects the document (see details) and sends a newer version.',
  },
  LOUPE_E_LINK_COMMAND_UNKNOWN: {
    status: 404,
    message: 'HQ sent a command this till does not know.',
    hint: 'Nothing was run. The integrator uses one of the commands in docs/asyncapi.yaml.',
  },
  LOUPE_E_LINK_COMMAND_EXPIRED: {
    status: 409,
    message: 'HQ sent a command after its expiry time, so it was not run.',
    hint: 'HQ sends the command again with a new id if it is still wanted.',
  },
  LOUPE_E_LINK_COMMAND_FAILED: {
    status: 500,
    message: 'A command from HQ started but did not finish.',
    hint: 'HQ may send it again with a new id; details say what went wrong.',
  },
  LOUPE_E_LINK_PUBLISH_REFUSED: {
    status: 403,
    message: 'The HQ broker refused a message from this till.',
    hint: 'Nothing is lost: the events stay in the outbox and are sent again. A technician checks the broker access rules for this device.',
  },
  LOUPE_E_LINK_SUBSCRIBE_REFUSED: {
    status: 403,
    message: 'The HQ broker refused to send this till its acknowledgements, documents or commands.',
    hint: 'A technician checks the broker access rules for this device (images/mosquitto/acl).',
  },
  LOUPE_E_LINK_OUTBOX_BACKLOG: {
    status: 503,
    message: 'Sales and stock changes have not reached HQ for a while.',
    hint: 'Keep selling: nothing is lost. Check the network and the HQ link light; call support if it does not clear.',
  },
  LOUPE_E_LINK_ACK_AHEAD: {
    status: 409,
    message: 'HQ acknowledged events this till never wrote.',
    hint: 'Call support: the till’s ledger may have been replaced. Events are kept until HQ acknowledges what this till really wrote.',
  },

  // --- PROVISION: first boot and enrollment with HQ
  LOUPE_E_PROVISION_HQ_UNREACHABLE: {
    status: 503,
    message: 'The till cannot reach HQ to be enrolled.',
    hint: 'Check the network cable and provisioning.hqUrl; the till keeps trying by itself.',
  },
  LOUPE_E_PROVISION_HQ_UNTRUSTED: {
    status: 503,
    message: 'The server at HQ’s address does not show HQ’s certificate authority.',
    hint: 'Check provisioning.hqUrl and provisioning.caFingerprint against the values HQ gave (loupe hq ca init prints them); nothing was sent.',
  },
  LOUPE_E_PROVISION_REFUSED: {
    status: 503,
    message: 'HQ refused this till’s enrollment request.',
    hint: 'The till asks again by itself; if the reason in details repeats, call HQ with it.',
  },
  LOUPE_E_PROVISION_FIRST_MANAGER_EXISTS: {
    status: 409,
    message: 'This till has staff already: the first-manager code is used up.',
    hint: 'Sign in with a manager’s staff number and PIN; a manager adds everyone else.',
  },
  LOUPE_E_PROVISION_SETUP_CODE_WRONG: {
    status: 401,
    message: 'That is not the first-manager code HQ gave for this till.',
    hint: 'Type the 10 letters and digits HQ gave you exactly; after 5 wrong tries the till waits 15 minutes.',
  },
  LOUPE_E_PROVISION_SETUP_CODE_LOCKED: {
    status: 423,
    message: 'Too many wrong first-manager codes: wait a while.',
    hint: 'Try again after the time in details, with the code from HQ.',
  },

  // --- MARKET
  LOUPE_E_MARKET_SPOT_STALE: {
    status: 409,
    message: 'The metal spot price is out of date, so nothing can be priced from it right now.',
    hint: 'Wait for the price to refresh (check the HQ link), or ask a manager to enter the price by hand.',
  },
  LOUPE_E_MARKET_SPOT_MISSING: {
    status: 409,
    message: 'This till has no spot price for that metal and currency yet.',
    hint: 'Wait until HQ sends the price (check the HQ link), or ask a manager to enter the price by hand.',
  },

  // --- STOCK: tags, sweeps, daily counts, movements
  LOUPE_E_STOCK_NO_ENCODER: {
    status: 503,
    message: 'There is no tag encoder at this counter.',
    hint: 'Plug the counter encoder in (see the device states on /healthz), or tag the piece at a counter that has one.',
  },
  LOUPE_E_STOCK_NOT_TAGGABLE: {
    status: 409,
    message: 'This piece is not in the store, so it cannot be tagged here.',
    hint: 'Tag a piece when it is in stock: bring it back from repair, memo or transfer first.',
  },
  LOUPE_E_STOCK_TAG_TAKEN: {
    status: 409,
    message: 'The tag on the encoder belongs to another piece.',
    hint: 'Take that tag off the encoder and put a blank tag, or this piece’s own tag, on it.',
  },
  LOUPE_E_STOCK_SWEEP_NOT_FOUND: {
    status: 404,
    message: 'There is no such count.',
    hint: 'Check the count in the list of sweeps.',
  },
  LOUPE_E_STOCK_SWEEP_NOT_OPEN: {
    status: 409,
    message: 'This count is already finished or cancelled.',
    hint: 'Start a new count, or a recount of the missing pieces.',
  },
  LOUPE_E_STOCK_READER_BUSY: {
    status: 409,
    message: 'That reader is already counting in another open sweep.',
    hint: 'Finish or cancel the other count first, or count with another reader.',
  },
  LOUPE_E_STOCK_READER_UNKNOWN: {
    status: 422,
    message: 'There is no RFID handheld by that name.',
    hint: 'Count with one of the handhelds listed on /healthz.',
  },
  LOUPE_E_STOCK_COUNT_TAKEN: {
    status: 409,
    message: 'This showcase’s count for that day is already signed.',
    hint: 'An opening and a closing count are signed once per showcase and day; look it up in the day’s counts.',
  },
  LOUPE_E_STOCK_COUNT_SWEEP_INVALID: {
    status: 422,
    message: 'That count cannot sign this showcase: it is not finished or it counted somewhere else.',
    hint: 'Finish a sweep of exactly this showcase, then sign it.',
  },
  LOUPE_E_STOCK_COUNT_NOTE_REQUIRED: {
    status: 422,
    message: 'The count does not match the stock: a manager’s note is needed.',
    hint: 'Ask a manager to write what happened and approve the count with their PIN.',
  },
  LOUPE_E_STOCK_TRANSFER_NOT_FOUND: {
    status: 404,
    message: 'There is no such transfer.',
    hint: 'Check the transfer number on the transfer slip.',
  },
  LOUPE_E_STOCK_TRANSFER_SAME_STORE: {
    status: 422,
    message: 'A transfer must go to another store.',
    hint: 'To move a piece inside this store, change its location instead.',
  },
  LOUPE_E_STOCK_ADJUSTMENT_EMPTY: {
    status: 422,
    message: 'The adjustment changes nothing.',
    hint: 'Give a move, a new location, or both.',
  },

  // --- UPDATE: signed releases, installing, probation and rollback
  LOUPE_E_UPDATE_BUNDLE_MALFORMED: {
    status: 422,
    message: 'The file is not a release bundle this appliance can read.',
    hint: 'Download the bundle again from HQ; if it is refused again, ask for it to be rebuilt with `loupe release build`.',
  },
  LOUPE_E_UPDATE_SIGNATURE_INVALID: {
    status: 422,
    message: 'The release is not signed by the key this appliance trusts.',
    hint: 'Install only releases from HQ; check that the bundle was signed with the release key whose public half the appliance holds.',
  },
  LOUPE_E_UPDATE_TAMPERED: {
    status: 422,
    message: 'A file of the release does not match its signed manifest.',
    hint: 'Download the bundle again; a bundle that keeps failing has been altered and must not be installed.',
  },
  LOUPE_E_UPDATE_TRUNCATED: {
    status: 422,
    message: 'The release bundle is incomplete.',
    hint: 'Let the download finish, or download it again.',
  },
  LOUPE_E_UPDATE_EXPIRED: {
    status: 422,
    message: "The release's signature has expired.",
    hint: 'Ask HQ for a current release; an expired bundle is never installed.',
  },
  LOUPE_E_UPDATE_DOWNGRADE: {
    status: 409,
    message: 'The release is not newer than the installed one.',
    hint: 'Nothing to do: releases only move forward. Ask HQ for a newer release if one is needed.',
  },
  LOUPE_E_UPDATE_TOO_OLD: {
    status: 409,
    message: "This appliance's release is too old to update to that release directly.",
    hint: 'Install the intermediate release HQ names first.',
  },
  LOUPE_E_UPDATE_WRONG_ARCH: {
    status: 422,
    message: 'The release was built for another kind of processor.',
    hint: "Ask HQ for the bundle built for this board's architecture.",
  },
  LOUPE_E_UPDATE_NO_SPACE: {
    status: 503,
    message: 'There is not enough free disk space to install the release.',
    hint: 'Free space on the data partition (old backups, logs), then try again.',
  },
  LOUPE_E_UPDATE_DOWNLOAD_FAILED: {
    status: 503,
    message: 'The release could not be downloaded from HQ.',
    hint: 'Check the network and HQ; the download resumes where it stopped.',
  },
  LOUPE_E_UPDATE_KEY_INVALID: {
    status: 400,
    message: 'The release key is not an Ed25519 key in PEM form.',
    hint: 'Give the Ed25519 private key (to build) or public key (to verify) as a PEM file.',
  },
  LOUPE_E_UPDATE_BUSY: {
    status: 409,
    message: 'The release cannot be installed while a sale is open or the drawer is open.',
    hint: 'Finish or park the sale and close the drawer, or let a manager install it now.',
  },
  LOUPE_E_UPDATE_NOT_PENDING: {
    status: 404,
    message: 'No release is waiting to be installed.',
    hint: 'Nothing to do; HQ offers releases when they are ready.',
  },

  // --- INTERNAL
  LOUPE_E_INTERNAL_FAULT: {
    status: 500,
    message: 'Something went wrong inside the appliance.',
    hint: 'Try again. If it happens again, call support with the time it happened.',
  },
} as const satisfies Record<string, ErrorDefinition>;

/** The one registry: every code the appliance can report, the runtime's and the devices'. */
export const ERRORS = { ...RUNTIME_ERRORS, ...DEVICE_ERRORS } as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERRORS;

/** An error every layer may throw; the API turns it into `{ error: { code, message, hint, details } }`. */
export class LoupeError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly hint: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, details?: Record<string, unknown>, message?: string) {
    const definition: ErrorDefinition = ERRORS[code];
    super(message ?? definition.message);
    this.name = 'LoupeError';
    this.code = code;
    this.status = definition.status;
    this.hint = definition.hint;
    this.details = details;
  }
}

export function isLoupeError(error: unknown): error is LoupeError {
  return error instanceof LoupeError;
}
