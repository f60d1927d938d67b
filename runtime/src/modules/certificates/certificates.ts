/** Certificates of sale and appraisals for a piece: as a PDF, or printed at the counter. */
import type { Settings } from '../../config/settings-schema.ts';
import type { Ledger } from '../../store/ledger.ts';
import { lastSaleOfPiece, readSaleDocument } from '../../store/sales.ts';
import type { CatalogService } from '../catalog/catalog-service.ts';
import type { ReceiptsModule } from '../receipts/receipts-module.ts';
import { certificateContent, certificatePdfLines, certificateReceipt, type CertificateContent } from './certificate-of-sale.ts';
import { textPdf } from './pdf.ts';

export interface CertificatesContext {
  ledger: Ledger;
  catalog: CatalogService;
  receipts: ReceiptsModule;
  settings: Settings;
  now: () => Date;
}

export class Certificates {
  readonly #ctx: CertificatesContext;

  constructor(ctx: CertificatesContext) {
    this.#ctx = ctx;
  }

  content(idOrCode: string): CertificateContent {
    const piece = this.#ctx.catalog.get(idOrCode);
    const sale = piece.status === 'sold' ? lastSaleOfPiece(this.#ctx.ledger.db, piece.id) : undefined;
    const line = sale ? readSaleDocument(sale.document).lines.find((candidate) => candidate.stockNo === piece.stockNo) : undefined;
    const sold = sale && line ? { receiptNo: sale.receiptNo, completedAt: sale.completedAt, paidMinor: line.totalMinor } : null;
    return certificateContent(piece, sold, this.#ctx.settings, this.#ctx.now());
  }

  pdf(idOrCode: string): Buffer {
    const content = this.content(idOrCode);
    return textPdf(certificatePdfLines(content), `${content.title} ${content.reference}`);
  }

  async print(idOrCode: string): Promise<void> {
    const content = this.content(idOrCode);
    await this.#ctx.receipts.printPage(`certificate:${content.reference}:${this.#ctx.now().toISOString()}`, certificateReceipt(content));
  }
}
