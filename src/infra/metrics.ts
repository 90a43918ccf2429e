import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The statements the database handle has sent so far (src/storage/database.ts `statementsSent`). */
export type StatementSource = () => { total: number; dialect: string };

/** One registry per app instance (tests build several apps in one process). */
export function createMetrics(statements?: StatementSource) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Read from the database handle's plain count when scraped, so a statement costs an increment, not a metric update.
  let statementsReported = 0;
  const dbStatements = new Counter({
    name: 'ninsho_db_statements_total',
    help: 'SQL statements sent to the database (each begin and commit counts)',
    labelNames: ['dialect'],
    registers: [registry],
    collect() {
      if (!statements) return;
      const now = statements();
      this.inc({ dialect: now.dialect }, Math.max(0, now.total - statementsReported));
      statementsReported = now.total;
    },
  });
  const requests = new Counter({
    name: 'ninsho_http_requests_total',
    help: 'HTTP requests by route and status class',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'ninsho_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const areqOutcomes = new Counter({
    name: 'ninsho_areq_total',
    help: 'AReq answers by transStatus (or Erro code)',
    labelNames: ['result'],
    registers: [registry],
  });
  const riskDecisions = talliedCounter(registry, {
    name: 'ninsho_risk_decisions_total',
    help: 'Risk assessments of AReqs the decision table would challenge, by decision and the rule that decided',
    labelNames: ['decision', 'rule'],
  });
  const riskReasons = talliedCounter(registry, {
    name: 'ninsho_risk_reasons_total',
    help: 'Signals that fired in risk assessments, by decision and signal',
    labelNames: ['decision', 'signal'],
  });
  const riskShadowDecisions = talliedCounter(registry, {
    name: 'ninsho_risk_shadow_decisions_total',
    help: 'Assessments by the policy in shadow (never deciding), by its decision and the live decision',
    labelNames: ['decision', 'live'],
  });
  const challengeOutcomes = new Counter({
    name: 'ninsho_challenge_outcomes_total',
    help: 'Challenge outcomes by final transStatus and reason',
    labelNames: ['status', 'reason'],
    registers: [registry],
  });
  const smsSends = new Counter({
    name: 'ninsho_sms_total',
    help: 'SMS send results by provider and outcome',
    labelNames: ['provider', 'outcome'],
    registers: [registry],
  });
  // The ACS signing certificate (src/infra/crypto/signing-rotation.ts sets these on every load and poll).
  const signingCertificateExpiryDays = new Gauge({
    name: 'ninsho_acs_signing_certificate_expiry_days',
    help: 'Whole days until the ACS signing certificate in use expires (negative once expired)',
    registers: [registry],
  });
  const signingCertificateNotAfter = new Gauge({
    name: 'ninsho_acs_signing_certificate_not_after_seconds',
    help: 'notAfter of the ACS signing certificate in use, Unix seconds',
    registers: [registry],
  });
  const signingCertificateReloads = new Counter({
    name: 'ninsho_acs_signing_certificate_reloads_total',
    help: 'Reloads of the ACS signing key and chain by outcome (loaded, rejected, unchanged)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  return {
    registry,
    requests,
    latency,
    areqOutcomes,
    riskDecisions,
    riskReasons,
    riskShadowDecisions,
    challengeOutcomes,
    smsSends,
    dbStatements,
    signingCertificateExpiryDays,
    signingCertificateNotAfter,
    signingCertificateReloads,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * A counter the AReq path increments once per label set and assessment (a risk assessment names up to a dozen
 * signals): each increment adds to a plain tally, and the tallies reach prom-client when the metric is read
 * (`collect`, as `ninsho_db_statements_total` does), so the hot path pays a map lookup instead of prom-client's
 * label hashing per increment.
 */
function talliedCounter<L extends string>(
  registry: Registry,
  config: { name: string; help: string; labelNames: readonly L[] },
): { inc(labels: Record<L, string>): void } {
  const tallies = new Map<string, { labels: Record<L, string>; n: number }>();
  new Counter({
    ...config,
    labelNames: [...config.labelNames],
    registers: [registry],
    collect() {
      for (const t of tallies.values()) this.inc(t.labels, t.n);
      tallies.clear();
    },
  });
  return {
    inc(labels) {
      let key = '';
      for (const name of config.labelNames) key += `${labels[name]}\u0000`;
      const tally = tallies.get(key);
      if (tally) tally.n++;
      else tallies.set(key, { labels: { ...labels }, n: 1 });
    },
  };
}
