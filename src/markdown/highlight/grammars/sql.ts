/** SQL (the common ANSI and Postgres words): keywords and types case-insensitive, quoted identifiers as properties. */
import type { Grammar } from '../tokenizer.js';
import type { SharedRules } from '../rules.js';

/** Builds the SQL grammar from the shared rules its loader hands over (see SHARED_RULES). */
export function sqlGrammar({
  words,
  WHITESPACE,
  NUMBER,
  PUNCTUATION,
  BLOCK_COMMENT_START,
  BLOCK_COMMENT,
  identifierClassifier,
}: SharedRules): Grammar {
  return {
    states: {
      root: [
        WHITESPACE,
        { pattern: /--.*/y, kind: 'comment' },
        BLOCK_COMMENT_START,
        { pattern: /'(?:[^'\\]|\\.|'')*'?/y, kind: 'string' },
        { pattern: /"(?:[^"]|"")*"?|`[^`]*`?/y, kind: 'property' },
        { pattern: /[:@$][A-Za-z_]\w*|\$\d+|\?/y, kind: 'variable' },
        {
          pattern: /[A-Za-z_][\w$]*/y,
          kind: identifierClassifier({
            caseInsensitive: true,
            keywords: words(
              'ADD ALL ALTER AND ANY AS ASC BETWEEN BY CASE CAST CHECK COLUMN CONSTRAINT CREATE CROSS CURRENT_DATE ' +
                'CURRENT_TIMESTAMP DATABASE DEFAULT DELETE DESC DISTINCT DROP ELSE END EXCEPT EXISTS EXPLAIN FETCH ' +
                'FOREIGN FROM FULL GROUP HAVING IF ILIKE IN INDEX INNER INSERT INTERSECT INTERVAL INTO IS JOIN KEY ' +
                'LATERAL LEFT LIKE LIMIT NOT OFFSET ON OR ORDER OUTER OVER PARTITION PRIMARY REFERENCES RETURNING ' +
                'RIGHT ROW ROWS SELECT SET TABLE THEN UNION UNIQUE UPDATE USING VALUES VIEW WHEN WHERE WINDOW WITH',
            ),
            literals: words('NULL TRUE FALSE'),
            types: words(
              'INT INTEGER BIGINT SMALLINT DECIMAL NUMERIC REAL FLOAT DOUBLE BOOLEAN BOOL CHAR VARCHAR TEXT DATE ' +
                'TIME TIMESTAMP TIMESTAMPTZ JSON JSONB UUID BYTEA SERIAL ARRAY',
            ),
          }),
        },
        NUMBER,
        { pattern: /[-+*/%=<>!|&~^]+/y, kind: 'operator' },
        PUNCTUATION,
      ],
      blockComment: BLOCK_COMMENT,
    },
  };
}
