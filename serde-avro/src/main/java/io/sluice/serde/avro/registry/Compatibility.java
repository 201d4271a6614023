package io.sluice.serde.avro.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Compatibility checks between schemas, on top of Avro's {@link SchemaCompatibility}, with the
 * incompatibilities turned into readable {@link SchemaProblem}s that name field paths.
 *
 * <p>Stateless and thread-safe.
 */
public final class Compatibility {

    private Compatibility() {}

    /**
     * Why {@code reader} cannot read data written with {@code writer}; empty if it can.
     *
     * @param context names the pair in each problem, e.g. "reader reading fingerprint 0x..."
     */
    public static List<SchemaProblem> readProblems(Schema reader, Schema writer, String context) {
        SchemaCompatibility.SchemaCompatibilityResult result = SchemaCompatibility.checkReaderWriterCompatibility(
                        reader, writer)
                .getResult();
        List<SchemaProblem> problems = new ArrayList<>();
        for (Incompatibility inc : result.getIncompatibilities()) {
            problems.add(new SchemaProblem(
                    context, FieldPaths.of(reader, inc.getLocation()), inc.getLocation(), inc.getType(), explain(inc)));
        }
        return problems;
    }

    /**
     * Why {@code candidate} may not follow {@code history} under {@code mode}; empty if it may.
     *
     * @param mode which versions to check, and in which direction
     * @param candidate the new schema
     * @param history the subject's versions, oldest first
     */
    public static List<SchemaProblem> problems(
            CompatibilityMode mode, Schema candidate, List<RegisteredSchema> history) {
        List<SchemaProblem> problems = new ArrayList<>();
        if (mode == CompatibilityMode.NONE || history.isEmpty()) {
            return problems;
        }
        List<RegisteredSchema> checked = mode.transitive() ? history : List.of(history.get(history.size() - 1));
        for (int i = checked.size() - 1; i >= 0; i--) {
            RegisteredSchema old = checked.get(i);
            if (mode.newReadsOld()) {
                problems.addAll(readProblems(candidate, old.schema(), "new schema reading version " + old.version()));
            }
            if (mode.oldReadsNew()) {
                problems.addAll(
                        readProblems(old.schema(), candidate, "version " + old.version() + " reading new schema"));
            }
        }
        return problems;
    }

    /**
     * Throws if {@code candidate} may not follow {@code history} under {@code mode}.
     *
     * @param what names the candidate in the message, e.g. "schema" or "reader schema"
     * @param subject the subject, for the message
     * @throws IncompatibleSchemaException listing every problem by field path
     */
    public static void requireCompatible(
            String what, String subject, CompatibilityMode mode, Schema candidate, List<RegisteredSchema> history) {
        List<SchemaProblem> problems = problems(mode, candidate, history);
        if (!problems.isEmpty()) {
            RegisteredSchema latest = history.get(history.size() - 1);
            throw new IncompatibleSchemaException(
                    what + " " + candidate.getFullName() + " is not " + mode + " compatible with subject '" + subject
                            + "' (latest version " + latest.version() + ", id " + latest.id() + ")",
                    problems);
        }
    }

    private static String explain(Incompatibility inc) {
        String message = inc.getMessage();
        switch (inc.getType()) {
            case READER_FIELD_MISSING_DEFAULT_VALUE:
                return "the reader has field '" + message
                        + "' without a default value and the writer does not write it";
            case TYPE_MISMATCH:
                return message.replace("reader type: ", "reader type ")
                        .replace(" not compatible with writer type: ", " cannot read writer type ");
            case MISSING_ENUM_SYMBOLS:
                return "the reader's enum lacks the writer's symbols " + message + " and has no default symbol";
            case MISSING_UNION_BRANCH:
                return "the reader's union has no branch for writer type "
                        + message.replace("reader union lacking writer type: ", "")
                                .toLowerCase(Locale.ROOT);
            case NAME_MISMATCH:
                return "names differ: " + message;
            case FIXED_SIZE_MISMATCH:
                return "fixed sizes differ: " + message;
            default:
                return message;
        }
    }
}
