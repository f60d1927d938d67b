import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ImportQuery, ImportResult, NewPiece, PhotoParams, Piece, PieceQuery, Reprice } from '../../wire/catalog.ts';
import { IdParams } from '../../wire/api.ts';
import { LoupeError } from '../../errors.ts';
import type { ApiContext } from '../context.ts';
import { textBodyParser } from '../request-edge.ts';
import { errorReplies } from './replies.ts';

/** Look pieces up, receive them into stock, change their price. */
export const pieceRoutes =
  (ctx: ApiContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['catalog'];

    app.get(
      '',
      { config: { permission: 'catalog.read' }, schema: { tags, summary: 'Search pieces', querystring: PieceQuery, response: { 200: Type.Array(Piece), ...errorReplies } } },
      async (request) => ctx.catalog.search(request.query),
    );

    app.get(
      '/:id',
      { config: { permission: 'catalog.read' }, schema: { tags, summary: 'A piece by id, stock no., barcode, EPC or certificate no.', params: IdParams, response: { 200: Piece, ...errorReplies } } },
      async (request) => ctx.catalog.get(request.params.id),
    );

    app.post(
      '',
      { config: { permission: 'catalog.receive' }, schema: { tags, summary: 'Receive a piece into stock', body: NewPiece, response: { 201: Piece, ...errorReplies } } },
      async (request, reply) => {
        const piece = ctx.catalog.receive(request.body, request.actor);
        return reply.status(201).send(ctx.catalog.get(piece.id));
      },
    );

    app.get(
      '/:id/certificate.pdf',
      { config: { permission: 'catalog.read' }, schema: { tags, summary: 'Certificate of sale (sold) or appraisal (in stock), as a PDF', params: IdParams, response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'application/pdf' }), ...errorReplies } } },
      async (request, reply) => {
        const pdf = ctx.certificates.pdf(request.params.id);
        return reply.type('application/pdf').header('content-disposition', `inline; filename="certificate-${request.params.id}.pdf"`).send(pdf);
      },
    );

    app.post(
      '/:id/certificate/print',
      { config: { permission: 'catalog.printCertificate' }, schema: { tags, summary: 'Print the certificate of sale or appraisal at the counter', params: IdParams, response: { 204: Type.Null(), ...errorReplies } } },
      async (request, reply) => {
        await ctx.certificates.print(request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, textBodyParser);
    app.post(
      '/import',
      {
        config: { permission: 'catalog.receive' },
        schema: { tags, summary: 'Import a catalog CSV (text/csv body); all rows or none', querystring: ImportQuery, body: Type.String({ minLength: 1 }), response: { 200: ImportResult, ...errorReplies } },
      },
      async (request) => ctx.catalog.importCsv({ name: request.query.fileName, text: request.body }, { skipInvalid: request.query.skipInvalid }, request.actor),
    );

    // Photos arrive as the raw image; what they are is judged from their bytes (domain/image-type.ts).
    app.addContentTypeParser(['image/jpeg', 'image/png', 'image/webp'], { parseAs: 'buffer', bodyLimit: ctx.settings.photos.maxBytes }, (_request, body, done) => done(null, body));
    app.post(
      '/:id/photos',
      {
        config: { permission: 'catalog.receive' },
        schema: {
          tags,
          summary: 'Add a photo (the JPEG, PNG or WebP bytes as the body, of the type sent; settings photos: bytes, px a side, pixels)',
          consumes: ['image/jpeg', 'image/png', 'image/webp'],
          params: IdParams,
          response: { 201: Piece, ...errorReplies },
        },
      },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body)) throw new LoupeError('LOUPE_E_CATALOG_PHOTO_INVALID', { reason: 'send the image bytes with Content-Type image/jpeg, image/png or image/webp' });
        const declared = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const pieceId = await ctx.photos.add(request.params.id, request.body, declared, request.actor);
        return reply.status(201).send(ctx.catalog.get(pieceId));
      },
    );
    app.get(
      '/:id/photos/:sha256',
      {
        config: { permission: 'catalog.read' },
        schema: { tags, summary: 'A photo of the piece', params: PhotoParams, response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'image/jpeg, image/png or image/webp' }), ...errorReplies } },
      },
      async (request, reply) => {
        const photo = ctx.photos.get(request.params.id, request.params.sha256);
        // Named by its content: the same address always holds the same bytes.
        return reply.header('content-type', photo.contentType).header('cache-control', 'private, max-age=31536000, immutable').send(photo.bytes);
      },
    );

    app.put(
      '/:id/price',
      { config: { permission: 'catalog.reprice' }, schema: { tags, summary: 'Change the retail price', params: IdParams, body: Reprice, response: { 200: Piece, ...errorReplies } } },
      async (request) => ctx.catalog.reprice(request.params.id, request.body.retailMinor, request.body.reason, request.actor),
    );
  };
