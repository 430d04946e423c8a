import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** OpenAPI 3 from the routes' TypeBox schemas, browsable at /docs (JSON at /docs/json). */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'dieuphoi API',
        version: '0.1.0',
        description:
          "Điều phối nhân lực: forecasts, weekly staff plans and simulations for Hanoi's public administrative " +
          'service points. Every route but /health, /ready, /metrics and /docs needs `Authorization: Bearer <key>`; ' +
          'errors are application/problem+json with a stable `code` and, for bad input, the path of every invalid field.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API key (dp_…)' } },
      },
      security: [{ bearer: [] }],
      tags: [
        { name: 'health' },
        { name: 'points' },
        { name: 'staff' },
        { name: 'volumes' },
        { name: 'calendar' },
        { name: 'forecasts' },
        { name: 'plans' },
        { name: 'scenarios' },
        { name: 'jobs' },
        { name: 'access' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: false });
}
