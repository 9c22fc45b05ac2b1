import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

/**
 * Runs a Flink SQL script (as `tapedeck export flink` writes it) on an embedded MiniCluster:
 * `SET 'k' = 'v'` statements go into the table configuration, CREATE statements run at once,
 * and every INSERT runs as one job (a statement set), so all sources are read once. Prints
 * `tapedeck-flink <event> <detail>` lines on stdout for the caller (Node) to follow.
 *
 * <p>Usage: java -cp 'libs/*:classes' TapedeckFlinkRunner script.sql
 */
public final class TapedeckFlinkRunner {
  private static final Pattern SET =
      Pattern.compile("(?is)^SET\\s+'((?:[^']|'')*)'\\s*=\\s*'((?:[^']|'')*)'$");

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: TapedeckFlinkRunner <script.sql>");
      System.exit(2);
    }
    String script = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    StatementSet inserts = env.createStatementSet();
    int insertCount = 0;
    for (String statement : splitStatements(script)) {
      Matcher set = SET.matcher(statement);
      if (set.matches()) {
        env.getConfig().getConfiguration().setString(unquote(set.group(1)), unquote(set.group(2)));
      } else if (statement.toUpperCase(Locale.ROOT).startsWith("INSERT")) {
        inserts.addInsertSql(statement);
        insertCount++;
      } else {
        env.executeSql(statement);
      }
    }
    if (insertCount == 0) {
      System.out.println("tapedeck-flink done no INSERT statements");
      return;
    }
    TableResult result = inserts.execute();
    JobClient job = result.getJobClient().orElseThrow();
    System.out.println("tapedeck-flink submitted " + job.getJobID() + " " + insertCount);
    long started = System.currentTimeMillis();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    if (!job.getJobStatus().get().isGloballyTerminalState()) job.cancel().get();
                  } catch (Exception ignored) {
                    // the JVM is going down either way
                  }
                }));
    var done = job.getJobExecutionResult();
    while (!done.isDone()) {
      try {
        done.get(2, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException stillRunning) {
        System.out.println(
            "tapedeck-flink status "
                + job.getJobStatus().get()
                + " "
                + (System.currentTimeMillis() - started));
      }
    }
    done.get();
    System.out.println("tapedeck-flink finished " + (System.currentTimeMillis() - started));
    System.exit(0);
  }

  private static String unquote(String text) {
    return text.replace("''", "'");
  }

  /** Splits on `;` outside '…' strings, `…` names and -- comments; drops comment-only pieces. */
  static List<String> splitStatements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int i = 0;
    while (i < script.length()) {
      char c = script.charAt(i);
      if (c == '\'' || c == '`') {
        int end = i + 1;
        while (end < script.length()) {
          if (script.charAt(end) == c) {
            if (end + 1 < script.length() && script.charAt(end + 1) == c) end += 2;
            else break;
          } else end++;
        }
        current.append(script, i, Math.min(end + 1, script.length()));
        i = end + 1;
      } else if (c == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
        while (i < script.length() && script.charAt(i) != '\n') i++;
      } else if (c == ';') {
        add(out, current);
        i++;
      } else {
        current.append(c);
        i++;
      }
    }
    add(out, current);
    return out;
  }

  private static void add(List<String> out, StringBuilder current) {
    String statement = current.toString().trim();
    if (!statement.isEmpty()) out.add(statement);
    current.setLength(0);
  }
}
