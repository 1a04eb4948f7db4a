/**
 * Worked examples for one-shot prompts, written for two of the shipped stories. The second
 * stands in when the test item is the first story itself, so a model never sees its own
 * test item solved.
 */
export interface Demonstration {
  storyId: string;
  attitude: {
    /** One of the story's value statements (must match the dataset character for character). */
    statement: string;
    evidence: string;
    reasoning: string;
  };
  selection: {
    evidence: string;
    reasoning: string;
  };
}

export const DEMONSTRATIONS: readonly Demonstration[] = [
  {
    storyId: 'random-03',
    attitude: {
      statement: 'Adult children have the duty to provide long-term care for their parents',
      evidence:
        'Ingrid offers her father the office upstairs as a bedroom; Arvid refuses: he paid taxes for fifty-one years "so that neither you nor your sister would have to wipe me", and chooses the flat with a nurse on the corridor. Amina says the daughters who gave up everything to nurse a parent look tired; Tomasz\'s mother made his brother swear never to quit his job to look after her. Ingrid: "I know it\'s right."',
      reasoning:
        "Every character treats long-term care as the job of professionals and the welfare state, not of the children. The father himself refuses his daughter's care, the others back him with their own experience, and the daughter accepts it as right. Nobody presents caring for him at home as an obligation, so the attitude is disagreement."
    },
    selection: {
      evidence:
        'election money: the rich candidate spent two million kroner and won only his own seat, "now and then" but "mostly" the town votes for whoever fixed the school roof; caring for an old parent: Arvid refuses to move in with his daughter and chooses a care flat; science in daily life: the broken sauce explained, Arvid reading his drug leaflet closely, Amina logging fridge temperatures because of listeria; theft: an unlocked bicycle, the last theft on the quay four winters ago; state reading messages: Tomasz and Arvid refuse it outright, "not for terrorists, not for anything".',
      reasoning:
        'Rich people buying elections happens, but rarely: not often. The family rejects a duty of children to provide long-term care: disagree. Everyone uses scientific knowledge in ordinary tasks, so the statement that it is unimportant is completely rejected. Robberies are rare on this quay: not frequently. Monitoring all e-mails is refused without conditions: definitely should not have the right.'
    }
  },
  {
    storyId: 'ethical-03',
    attitude: {
      statement: 'Leather and fur consumption is ethical.',
      evidence:
        'Jiwoo will wear her mother\'s mink collar "until it falls apart" and pass it to her daughter; Rosa\'s grandmother slept under a lambskin and "nobody apologised to the lamb"; Aldo gives his grandson a belt from the hide of the steer they ate, saying that wasting the skin would be the sin.',
      reasoning:
        'The characters wear fur and leather with pride and treat using the whole animal as a virtue; no one objects, and the only opponents mentioned are strangers who spray paint on coats. They hold that it is ethical: agree.'
    },
    selection: {
      evidence:
        "fur and leather: the mink collar, the lambskin, the belt from the steer's hide; meat: the pea sausage mocked, \"I eat the cow\"; living together unmarried: Tomás moves in with Luz and Aldo will neither bless nor curse it; the state reading messages: Aldo's letters were opened in 1977 and nobody wants the new bill; ending a life: Rosa, a hospice nurse, says choosing the day is not her job, and Aldo would keep every day of his wife's last months.",
      reasoning:
        'Leather and fur are worn with pride: agree. Meat is eaten gladly although the alternative is on the grill: agree. On sex before marriage the family declines to judge either way: neither agree nor disagree. Monitoring of e-mails is rejected from experience: disagree. Euthanasia is rejected by those who cared for the dying: disagree.'
    }
  }
];
