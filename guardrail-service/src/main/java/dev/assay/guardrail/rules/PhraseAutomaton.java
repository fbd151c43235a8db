package dev.assay.guardrail.rules;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Aho-Corasick automaton over a set of phrases: one pass over the text finds every occurrence of
 * every phrase, so a thousand terms cost about what one does. Immutable once built.
 */
final class PhraseAutomaton {

  /** An occurrence: phrase {@code phrase} ends just before {@code end}. */
  interface Hits {
    void hit(int phrase, int end);
  }

  private static final int ROOT = 0;
  private static final int ASCII = 128;

  /** Transitions of each node: sorted labels and their targets; the root's ASCII ones in a table. */
  private final char[][] labels;
  private final int[][] targets;
  private final int[] rootAscii = new int[ASCII];
  private final int[] fail;
  /** The phrase ending at a node, or -1. */
  private final int[] phraseAt;
  /** The nearest node on the fail chain where a phrase ends, or -1. */
  private final int[] nextHit;

  PhraseAutomaton(List<String> phrases) {
    List<Map<Character, Integer>> trie = new ArrayList<>();
    List<Integer> phraseOf = new ArrayList<>();
    trie.add(new HashMap<>());
    phraseOf.add(-1);
    for (int p = 0; p < phrases.size(); p++) {
      int node = ROOT;
      for (char c : phrases.get(p).toCharArray()) {
        Integer next = trie.get(node).get(c);
        if (next == null) {
          next = trie.size();
          trie.get(node).put(c, next);
          trie.add(new HashMap<>());
          phraseOf.add(-1);
        }
        node = next;
      }
      if (phraseOf.get(node) < 0) {
        phraseOf.set(node, p);
      }
    }
    int size = trie.size();
    labels = new char[size][];
    targets = new int[size][];
    phraseAt = new int[size];
    for (int node = 0; node < size; node++) {
      TreeMap<Character, Integer> sorted = new TreeMap<>(trie.get(node));
      labels[node] = new char[sorted.size()];
      targets[node] = new int[sorted.size()];
      int i = 0;
      for (Map.Entry<Character, Integer> edge : sorted.entrySet()) {
        labels[node][i] = edge.getKey();
        targets[node][i++] = edge.getValue();
      }
      phraseAt[node] = phraseOf.get(node);
    }
    Arrays.fill(rootAscii, -1);
    for (int i = 0; i < labels[ROOT].length; i++) {
      if (labels[ROOT][i] < ASCII) {
        rootAscii[labels[ROOT][i]] = targets[ROOT][i];
      }
    }
    fail = new int[size];
    nextHit = new int[size];
    Arrays.fill(nextHit, -1);
    linkFailures();
  }

  /** Breadth first: a node's failure is the longest proper suffix of its path that is in the trie. */
  private void linkFailures() {
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int child : targets[ROOT]) {
      fail[child] = ROOT;
      queue.add(child);
    }
    while (!queue.isEmpty()) {
      int node = queue.poll();
      for (int i = 0; i < labels[node].length; i++) {
        char label = labels[node][i];
        int child = targets[node][i];
        int state = fail[node];
        while (state != ROOT && next(state, label) < 0) {
          state = fail[state];
        }
        int target = next(state, label);
        fail[child] = target >= 0 && target != child ? target : ROOT;
        nextHit[child] = phraseAt[fail[child]] >= 0 ? fail[child] : nextHit[fail[child]];
        queue.add(child);
      }
    }
  }

  private int next(int node, char c) {
    if (node == ROOT && c < ASCII) {
      return rootAscii[c];
    }
    int i = Arrays.binarySearch(labels[node], c);
    return i >= 0 ? targets[node][i] : -1;
  }

  void search(CharSequence text, Hits hits) {
    int state = ROOT;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int next = next(state, c);
      while (next < 0 && state != ROOT) {
        state = fail[state];
        next = next(state, c);
      }
      state = next < 0 ? ROOT : next;
      for (int node = phraseAt[state] >= 0 ? state : nextHit[state]; node >= 0; node = nextHit[node]) {
        hits.hit(phraseAt[node], i + 1);
      }
    }
  }
}
