package io.sluice.serde.avro.registry;

import io.sluice.serde.avro.AvroSerdeException;
import java.util.List;

/**
 * A schema failed a compatibility check: at registration, or when a reader starts. The message
 * names the subject, the mode and, for each problem, the field path that broke.
 *
 * <p>Immutable and thread-safe.
 */
public final class IncompatibleSchemaException extends AvroSerdeException {
    private static final long serialVersionUID = 1L;

    private final transient List<SchemaProblem> problems;

    /**
     * @param summary the first line, e.g. which schema failed which mode against which subject
     * @param problems the reasons, at least one
     */
    public IncompatibleSchemaException(String summary, List<SchemaProblem> problems) {
        super(format(summary, problems));
        this.problems = List.copyOf(problems);
    }

    /** The reasons, in the order found. */
    public List<SchemaProblem> problems() {
        return problems;
    }

    private static String format(String summary, List<SchemaProblem> problems) {
        StringBuilder sb = new StringBuilder(summary).append(':');
        for (SchemaProblem p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
