package hdlab.cli.reproduce;

import java.util.List;
import java.util.Locale;

/**
 * A seed paper of the reproduction report: its title and citation, the phrases that recognise its abstract in the seed
 * files, and the claim-id prefixes that belong to it (a claim belongs to the paper with the longest matching prefix).
 *
 * @param key short stable name, used as the section anchor ({@code paper-<key>})
 * @param title the paper's title (for a seed abstract that no built-in paper recognises: its first words)
 * @param citation authors, year, arXiv id; empty when unknown
 * @param abstractKeys phrases of the abstract (case and white space ignored); any one recognises it
 * @param claimPrefixes claim-id prefixes, e.g. {@code "rf."} or {@code "risk.t3"}
 * @param abstractText the abstract read from the seed files, or null (built-in list)
 */
public record Paper(String key, String title, String citation, List<String> abstractKeys, List<String> claimPrefixes, String abstractText) {
  public Paper {
    if (key == null || !key.matches("[a-z0-9][a-z0-9-]*")) throw new IllegalArgumentException("paper key must be lower-case [a-z0-9-], got " + key);
    abstractKeys = List.copyOf(abstractKeys);
    claimPrefixes = List.copyOf(claimPrefixes);
  }

  /** The same paper with its abstract as read from a seed file. */
  Paper withAbstract(String text) {
    return new Paper(key, title, citation, abstractKeys, claimPrefixes, text);
  }

  /** Whether one of the abstract keys occurs in {@code normalisedText} (lower case, single spaces: {@link #normalise}). */
  boolean recognises(String normalisedText) {
    return abstractKeys.stream().anyMatch(k -> normalisedText.contains(normalise(k)));
  }

  /** Length of the longest of this paper's prefixes that starts {@code claimId}; 0 when none does. */
  int prefixMatch(String claimId) {
    int best = 0;
    for (String p : claimPrefixes) if (claimId.startsWith(p)) best = Math.max(best, p.length());
    return best;
  }

  /** Lower case, runs of white space as one space, trimmed. */
  static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
  }
}
