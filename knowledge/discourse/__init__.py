"""Reading a message as a person would, before searching it.

A care worker's message is not a query: it greets, thanks, tells the patient's story, and
somewhere asks. `reader.MessageReader` splits it into sentences and clauses, recognises
what is discourse (greetings, thanks, blessings, apologies, forms of address, small talk)
and which clauses ask; `emergency` notices a message that describes an emergency;
`declines` notices the near-domain questions the standard cannot answer (amounts,
doses, diagnoses, phone numbers). The vocabulary is in `lexicon`, by word class and
function.
"""
