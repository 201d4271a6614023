import io.sluice.mq.filter.*;
import org.apache.rocketmq.filter.expression.*;
import org.apache.rocketmq.filter.parser.*;
import java.util.*;

/** Differential check of Sluice's SQL92 filter against rocketmq-filter 5.3.3; see README.md. */
public class FilterDiff {
  static final String[] ATOMS = {"a > 5","a <= 10","a = 5","a <> 'abc'","a = 'abc'","a BETWEEN 1 AND 9","a NOT BETWEEN 1 AND 9",
    "TAGS IN ('TagA', 'x')","TAGS NOT IN ('TagA')","a IS NULL","a IS NOT NULL","b CONTAINS 'b'","b NOT STARTSWITH 'a'",
    "b ENDSWITH 'c'","TRUE","FALSE","b = TRUE","a >= -3","b = 'abc'","b <> 5","a < 2.5","TAGS = 'TagB'","c > 1","c IS NULL"};
  static final String[] INTEGER_VALUES = {"1","5","10","-3","abc","true","0",null};
  static final String[] WITH_DECIMALS = {"1","5","10","-3","abc","true","0","2.5",null};
  public static void main(String[] args) throws Exception {
    long seed = Long.parseLong(args[0]); int n = Integer.parseInt(args[1]);
    String[] values = args.length > 2 && args[2].equals("decimals") ? WITH_DECIMALS : INTEGER_VALUES;
    SplittableRandom r = new SplittableRandom(seed);
    int agree = 0, differ = 0; Map<String,Integer> kinds = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      String e = expr(r, 3);
      Map<String,Object> props = new HashMap<>();
      for (String k : new String[]{"a","b","c"}) { String v = values[r.nextInt(values.length)]; if (v != null) props.put(k, v); }
      String[] tags = {"TagA","TagB",null}; String t = tags[r.nextInt(3)]; if (t != null) props.put("TAGS", t);
      EvaluationContext ctx = new EvaluationContext(){ public Object get(String k){return props.get(k);} public Map<String,Object> keyValues(){return props;}};
      String theirs;
      try { Object o = SelectorParser.parse(e).evaluate(ctx); theirs = o == null ? "UNKNOWN" : ((Boolean) o ? "TRUE" : "FALSE"); }
      catch (Throwable x) { theirs = "INVALID"; }
      String ours = SqlFilter.compile(e).evaluate(k -> (String) props.get(k)).name();
      boolean matchSame = theirs.equals("TRUE") == ours.equals("TRUE");
      if (theirs.equals(ours)) agree++; else { differ++; kinds.merge((matchSame ? "same-match " : "DIFFERENT-MATCH ") + theirs + "->" + ours, 1, Integer::sum);
        if (!matchSame && differ < 15) System.out.println("DIFF " + e + " " + props + " rocketmq=" + theirs + " sluice=" + ours); }
    }
    System.out.println("seed " + seed + ": " + n + " cases, identical " + agree + ", differ " + differ + " " + kinds);
  }
  static String expr(SplittableRandom r, int depth) {
    int k = depth == 0 ? 0 : r.nextInt(4);
    switch (k) {
      case 1: return "(" + expr(r, depth - 1) + " AND " + expr(r, depth - 1) + ")";
      case 2: return "(" + expr(r, depth - 1) + " OR " + expr(r, depth - 1) + ")";
      case 3: return "NOT (" + expr(r, depth - 1) + ")";
      default: return ATOMS[r.nextInt(ATOMS.length)];
    }
  }
}
