"""Words of English that lead no name, or are none: small lists of the language's own
closed classes (function words, sentence openers, titles, months), not of any corpus."""

from __future__ import annotations

FUNCTION = frozenset("""
A About Above Across After Against Ago All Along Also Although Am Among Amid An And Another Any Are Around As At
Be Because Been Before Behind Being Below Beneath Beside Besides Between Beyond Both But By Can Could Did Do Does
Doing Down During Each Either Else Even Ever Every Few For From Had Has Have Having He Her Here Hers Herself Him
Himself His How I If In Inside Into Is It Its Itself Just Least Less Like Many May Me Might Mine More Most Much Must
My Myself Neither No Nor Not Now Of Off On Once One Only Onto Or Other Others Our Ours Ourselves Out Outside Over Own
Per Same Shall She Should Since So Some Such Than That The Their Theirs Them Themselves Then There These They This
Those Though Through Throughout Thus To Too Toward Towards Under Unless Unlike Until Up Upon Us Very Via Was We Were
What Whatever When Whenever Where Whereas Wherever Whether Which While Who Whoever Whom Whose Why With Within Without
Would Yet You Your Yours Yourself Yourselves
""".split())
"""Articles, pronouns, determiners, prepositions, conjunctions and auxiliaries."""

OPENERS = frozenset("""
Accordingly According Additionally Afterwards Again Already Altogether Anyway Apparently Basically Briefly Certainly
Clearly Consequently Currently Despite Earlier Eventually Finally First Firstly Following Fortunately Furthermore
Hence However Ideally Importantly Indeed Initially Instead Interestingly Last Lastly Later Likewise Meanwhile Moreover
Namely Naturally Nevertheless Next Nonetheless Notably Obviously Often Originally Otherwise Overall Perhaps Plus
Previously Rather Recently Regardless Second Secondly Similarly Simply Sometimes Soon Still Subsequently Surely
Therefore Third Thirdly Today Together Tomorrow Tonight Ultimately Unfortunately Yes Yesterday
Citing Raising Born Ahead Four Two Three Five Six Seven Eight Nine Ten
""".split())
"""Adverbs and connectives that open sentences."""

CALENDAR = frozenset("""
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thurs Fri Sat Sun January February
March April May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
""".split())

TITLES = frozenset("""
Mr Mrs Ms Miss Mx Dr Prof Professor Sir Dame Lord Lady Rev Reverend Fr Father H.E President Vice Prime Minister
Secretary Secretary-General Senator Sen Rep Representative Congressman Congresswoman Governor Gov Mayor Ambassador
Chancellor Chairman Chairwoman Spokesman Spokeswoman Judge King Queen Prince Princess Pope Gen Col Lt Capt Sgt Maj
Former Deputy Acting Foreign General Council Chief Government Party Head Period Country Year Type Language
Education
""".split())
"""Titles and offices before a name ("Prime Minister Tony Blair" -> "Tony Blair"), and a few
ordinary nouns often capitalised before one."""

SPLITTING_TITLES = frozenset("""
Mr Mrs Ms Mx Dr Prof Sir Dame H.E President Minister Secretary Secretary-General Senator Sen Rep Representative
Congressman Congresswoman Governor Gov Mayor Ambassador Chancellor Chairman Chairwoman Spokesman Spokeswoman
""".split())
"""Titles that also cut a phrase in two where they stand inside it ("Chinese President Xi
Jinping" -> "Chinese", "Xi Jinping"): none of them ends a name."""

LEADING = FUNCTION | OPENERS | CALENDAR | TITLES
"""Words stripped from the start of a phrase ("However Tony Blair", "The White House")."""

ABBREVIATIONS = frozenset("""
AI AM PM TV CEO CEOs CFO CTO COO CIO DIY DNA FAQ GDP GPS HD HQ ID IT IQ IPO LCD LED MP MPs OK PC PCs PDF PR PS
SMS SUV SUVs UFO URL USB VAT VIP VR WiFi
""".split())
"""Abbreviations of ordinary nouns ("TV", "CEO"): capitals, but no names."""

CONNECTORS = frozenset("of the for and on de del van von al".split())
"""Lowercase words that may stand inside a name ("Bank of England")."""

AFTER_NAME = frozenset("""
said says say told tells added adds asked asks wrote writes announced announces explained noted argued claimed
replied warned insisted admitted called calls has had have is was were are will would can could may might must
should did does do also who which whose that and or but as to in on at by for with from of than
went came left met made took gave got saw won lost ran spoke became began brought bought thought felt found held kept
knew led paid put sent set stood sat sold sought spent struck taught understood
""".split())
"""Words that follow a name as readily as a noun follows an adjective: after a demonym-shaped
word they say nothing about its being an adjective ("Brian said" vs "British troops")."""

COMPOUND_HEADS = frozenset("based backed led owned made run born style era related linked funded controlled "
                           "friendly focused centric bound registered listed".split())
"""The second half of a compound adjective made from a name ("Hong Kong-based" -> "Hong Kong")."""

DEMONYM_ENDINGS = ("ish", "ian", "ese", "an", "ern")
"""How adjectives of nationality and of region end (British, Russian, Chinese, European, American,
Western): a word that ends so is a name only if the corpus does not use it as an adjective."""
PHRASE_DEMONYM_ENDINGS = ("ish", "ian", "ese", "ean", "can")
"""The same, for the last word of a phrase ("North Korean", "South African"): the endings that
surnames hardly have ("Kofi Annan" ends in -an, not in -ean)."""
