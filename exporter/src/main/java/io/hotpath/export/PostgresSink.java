package io.hotpath.export;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hotpath.events.v1.AttemptReported;
import io.hotpath.events.v1.EventHeader;
import io.hotpath.events.v1.PaymentDecided;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * Writes payment decisions and attempts into PostgreSQL (or CockroachDB) tables, batched, with the
 * shard's position in the same transaction: a restart reads the position and resumes exactly after
 * the rows committed. Rows are keyed by (shard, engine sequence) and inserted with
 * {@code ON CONFLICT DO NOTHING}, so a backfill over rows already there changes nothing.
 *
 * <p>The schema is Flyway's to manage ({@code db/hotpath-export}), with its own history table.
 */
public final class PostgresSink implements Sink
{
    private static final String INSERT_DECISION = "INSERT INTO payment_decisions (engine_id, shard, engine_sequence, tenant_id, "
        + "payment_id, correlation_id, command_time, decided_time, code, failure, action, score, model_score, model_version, "
        + "deciding_rule, fired_rules, processors, processor_keys, routing_strategy, routing_rule, amount, currency, currency_digits, "
        + "card_network, card_type, bin, last4, card_fingerprint, issuer_country, customer_country, mcc, channel, three_ds) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        + "ON CONFLICT (engine_id, shard, engine_sequence) DO NOTHING";
    private static final String INSERT_ATTEMPT = "INSERT INTO payment_attempts (engine_id, shard, engine_sequence, tenant_id, payment_id, "
        + "correlation_id, command_time, recorded_time, code, failure, processor_key, outcome, response_code_key, latency_micros, "
        + "next_action, next_processor, breaker_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        + "ON CONFLICT (engine_id, shard, engine_sequence) DO NOTHING";
    private static final String UPSERT_POSITION = "INSERT INTO export_positions (engine_id, shard, result_index, command_index, "
        + "engine_sequence, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (engine_id, shard) DO UPDATE SET "
        + "result_index = excluded.result_index, command_index = excluded.command_index, "
        + "engine_sequence = excluded.engine_sequence, updated_at = excluded.updated_at";
    private static final String SELECT_POSITION =
        "SELECT result_index, command_index, engine_sequence FROM export_positions WHERE engine_id = ? AND shard = ?";

    private final PostgresSettings settings;
    private HikariDataSource pool;

    public PostgresSink(final PostgresSettings settings)
    {
        this.settings = settings;
    }

    @Override
    public String name()
    {
        return "postgres";
    }

    @Override
    public Position position(final int shard)
    {
        try (Connection connection = pool().getConnection(); PreparedStatement select = connection.prepareStatement(SELECT_POSITION))
        {
            select.setString(1, settings.engineId());
            select.setInt(2, shard);
            try (ResultSet row = select.executeQuery())
            {
                return row.next() ? new Position(row.getLong(1), row.getLong(2), row.getLong(3)) : Position.START;
            }
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("reading the export position of shard " + shard + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public void publish(final int shard, final List<ExportEvent> events, final Position upTo)
    {
        try (Connection connection = pool().getConnection())
        {
            connection.setAutoCommit(false);
            try (PreparedStatement decisions = connection.prepareStatement(INSERT_DECISION);
                PreparedStatement attempts = connection.prepareStatement(INSERT_ATTEMPT))
            {
                int decisionRows = 0;
                int attemptRows = 0;
                for (final ExportEvent event : events)
                {
                    if (event.message() instanceof PaymentDecided decided)
                    {
                        decision(connection, decisions, decided);
                        decisions.addBatch();
                        decisionRows++;
                    }
                    else if (event.message() instanceof AttemptReported attempt)
                    {
                        attempt(attempts, attempt);
                        attempts.addBatch();
                        attemptRows++;
                    }
                }
                if (decisionRows > 0)
                {
                    decisions.executeBatch();
                }
                if (attemptRows > 0)
                {
                    attempts.executeBatch();
                }
                if (upTo != null)
                {
                    try (PreparedStatement position = connection.prepareStatement(UPSERT_POSITION))
                    {
                        position.setString(1, settings.engineId());
                        position.setInt(2, shard);
                        position.setLong(3, upTo.resultIndex());
                        position.setLong(4, upTo.commandIndex());
                        position.setLong(5, upTo.engineSequence());
                        position.setTimestamp(6, Timestamp.from(Instant.now()));
                        position.executeUpdate();
                    }
                }
                connection.commit();
            }
            catch (final SQLException | RuntimeException ex)
            {
                rollback(connection);
                throw ex;
            }
        }
        catch (final SQLException ex)
        {
            // The message of a batch's failure holds the batch; the SQL state and the cause say what went wrong.
            throw new IllegalStateException("writing shard " + shard + "'s events failed, SQL state " + ex.getSQLState(), ex);
        }
    }

    private static void rollback(final Connection connection)
    {
        try
        {
            connection.rollback();
        }
        catch (final SQLException ignored)
        {
            // The connection is gone: the transaction is rolled back with it.
        }
    }

    private void decision(final Connection connection, final PreparedStatement row, final PaymentDecided decided)
        throws SQLException
    {
        final int next = header(row, decided.getHeader(), decided.getPaymentId());
        row.setString(next, decided.getAction());
        row.setInt(next + 1, decided.getScore());
        row.setInt(next + 2, decided.getModelScore());
        row.setString(next + 3, decided.getModelVersion());
        row.setString(next + 4, decided.getDecidingRule());
        row.setArray(next + 5, connection.createArrayOf("text", decided.getFiredRulesList().toArray()));
        row.setArray(next + 6, connection.createArrayOf("text", decided.getProcessorsList().toArray()));
        row.setArray(next + 7, connection.createArrayOf("bigint", decided.getProcessorKeysList().toArray()));
        row.setString(next + 8, decided.getRoutingStrategy());
        row.setString(next + 9, decided.getRoutingRule());
        row.setLong(next + 10, decided.getAmount());
        row.setString(next + 11, decided.getCurrency());
        row.setInt(next + 12, decided.getCurrencyDigits());
        row.setString(next + 13, decided.getCardNetwork());
        row.setString(next + 14, decided.getCardType());
        row.setString(next + 15, decided.getBin());
        row.setString(next + 16, decided.getLast4());
        row.setString(next + 17, decided.getCardFingerprint());
        row.setString(next + 18, decided.getIssuerCountry());
        row.setString(next + 19, decided.getCustomerCountry());
        row.setInt(next + 20, decided.getMcc());
        row.setString(next + 21, decided.getChannel());
        row.setString(next + 22, decided.getThreeDs());
    }

    private void attempt(final PreparedStatement row, final AttemptReported attempt) throws SQLException
    {
        final int next = header(row, attempt.getHeader(), attempt.getPaymentId());
        row.setLong(next, attempt.getProcessorKey());
        row.setString(next + 1, attempt.getOutcome());
        row.setLong(next + 2, attempt.getResponseCodeKey());
        row.setLong(next + 3, attempt.getLatencyMicros());
        row.setString(next + 4, attempt.getNextAction());
        row.setString(next + 5, attempt.getNextProcessor());
        row.setString(next + 6, attempt.getBreakerState());
    }

    /**
     * Sets the columns every table starts with.
     *
     * @return the index of the next parameter.
     */
    private int header(final PreparedStatement row, final EventHeader header, final long paymentId) throws SQLException
    {
        row.setString(1, settings.engineId());
        row.setInt(2, header.getShard());
        row.setLong(3, header.getEngineSequence());
        row.setLong(4, header.getTenantId());
        row.setLong(5, paymentId);
        row.setLong(6, header.getCorrelationId());
        row.setTimestamp(7, timestamp(header.getCommandTimeNanos()));
        row.setTimestamp(8, timestamp(header.getResultTimeNanos()));
        row.setString(9, header.getCode());
        row.setString(10, header.getFailure());
        return 11;
    }

    private static Timestamp timestamp(final long epochNanos)
    {
        return Timestamp.from(Instant.ofEpochSecond(0, epochNanos));
    }

    /**
     * @return the pool, opened (and the schema migrated) on first use, so that a database that is down at start is retried
     *         like one that goes down later.
     */
    private HikariDataSource pool()
    {
        if (pool == null)
        {
            final HikariConfig config = new HikariConfig();
            config.setJdbcUrl(settings.url());
            config.setUsername(settings.user());
            config.setPassword(settings.password());
            config.setMaximumPoolSize(settings.poolSize());
            config.setPoolName("hotpath-export-postgres");
            config.setConnectionTimeout(settings.connectTimeout().toMillis());
            // Fail at the first use rather than at the pool's start, and keep trying after.
            config.setInitializationFailTimeout(-1);
            final long seconds = Math.max(1, settings.connectTimeout().toSeconds());
            config.addDataSourceProperty("connectTimeout", Long.toString(seconds));
            config.addDataSourceProperty("socketTimeout", Long.toString(seconds * 3));
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            final HikariDataSource opened = new HikariDataSource(config);
            try
            {
                Flyway.configure().dataSource(opened).locations("classpath:db/hotpath-export")
                    .table("hotpath_export_schema_history").load().migrate();
            }
            catch (final RuntimeException ex)
            {
                opened.close();
                throw ex;
            }
            pool = opened;
        }
        return pool;
    }

    @Override
    public void close()
    {
        if (pool != null)
        {
            pool.close();
            pool = null;
        }
    }
}
