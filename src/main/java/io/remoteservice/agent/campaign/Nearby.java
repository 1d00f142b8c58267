package io.remoteservice.agent.campaign;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Suggestions for a mistyped id: the known ids within a small edit distance, closest first. */
final class Nearby {

  private static final int MAX_SUGGESTIONS = 5;
  private static final int MAX_LISTED = 10;

  private Nearby() {}

  /**
   * "close: a, b" when some known ids are close, else "known: a, b, ... (N in all)", or "none known" when
   * there are none at all. {@code what} names the kind ("servers", "pools", "tags").
   */
  static String describe(String wrong, Collection<String> known, String what) {
    if (known.isEmpty()) {
      return "there are no " + what + " in the inventory";
    }
    List<String> close = close(wrong, known);
    if (!close.isEmpty()) {
      return "did you mean " + String.join(", ", close) + "?";
    }
    List<String> listed = known.stream().sorted().limit(MAX_LISTED).toList();
    return "known " + what + ": " + String.join(", ", listed)
        + (known.size() > MAX_LISTED ? ", ... (" + known.size() + " in all)" : "");
  }

  static List<String> close(String wrong, Collection<String> known) {
    int limit = Math.max(2, wrong.length() / 3);
    return known.stream()
        .map(k -> new Scored(k, score(wrong, k)))
        .filter(s -> s.distance <= limit)
        .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::id))
        .limit(MAX_SUGGESTIONS)
        .map(Scored::id)
        .toList();
  }

  private record Scored(String id, int distance) {}

  /** Edit distance, but a known id that merely extends the typed one ("ts0" → "ts01") counts as close. */
  private static int score(String a, String b) {
    if (a.length() >= 2 && (b.startsWith(a) || a.startsWith(b))) {
      return 1;
    }
    return levenshtein(a, b);
  }

  static int levenshtein(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
