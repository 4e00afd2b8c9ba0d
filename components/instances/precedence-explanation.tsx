import type { PrecedenceExplanation } from "@/lib/domain/precedence";
import { Badge } from "@/components/ui/badge";
import styles from "./instances.module.css";

const SOURCE_LABELS: Record<PrecedenceExplanation["decidedBy"], string> = {
  "modified-after-launch": "Changed after launch",
  "launch-template": "Launch template",
  "regional-default": "Regional default",
  ami: "AMI ImdsSupport",
  "ec2-default": "EC2 default",
};

/** Why the instance has its HttpTokens: the summary, then every source in precedence order. */
export function PrecedenceExplanationView({ explanation }: { explanation: PrecedenceExplanation }) {
  return (
    <div data-testid="precedence" data-decided-by={explanation.decidedBy}>
      <p className={styles.summary} data-testid="precedence-summary">
        {explanation.summary}
      </p>
      <ol className={styles.steps} aria-label="Precedence, highest first">
        {explanation.steps.map((step) => (
          <li key={step.source} className={step.decides ? styles.decides : undefined}>
            {SOURCE_LABELS[step.source]}: {step.text}
            {step.decides ? (
              <>
                {" "}
                <Badge tone="info">decides</Badge>
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
