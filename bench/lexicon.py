"""Bilingual word and sentence lists for the synthetic benchmark corpus.

Every entry is a (Japanese, English) pair, and every sentence template exists in
both languages with the same slots, so a generated article and its translation say
the same thing. That keeps the corpus realistic for the validator (a claim cited in
one language is cited in the other) and gives prose that varies like real text
instead of repeating lorem ipsum, which would flatter compression and caches.
"""

from __future__ import annotations

Pair = tuple[str, str]

ORGS: list[Pair] = [
    ("メタ", "Meta"), ("グーグル", "Google"), ("マイクロソフト", "Microsoft"), ("アマゾン", "Amazon"),
    ("エヌビディア", "Nvidia"), ("オープンAI", "OpenAI"), ("ソフトバンク", "SoftBank"), ("東京電力", "TEPCO"),
    ("欧州委員会", "the European Commission"), ("米連邦準備制度理事会", "the Federal Reserve"),
    ("経済産業省", "Japan's trade ministry"), ("オハイオ州の規制当局", "Ohio's regulators"),
    ("国際エネルギー機関", "the International Energy Agency"), ("台湾積体電路製造", "TSMC"),
    ("アンソロピック", "Anthropic"), ("オラクル", "Oracle"), ("ウォール街のアナリスト", "Wall Street analysts"),
    ("米エネルギー省", "the US Department of Energy"), ("関西電力", "Kansai Electric"), ("アップル", "Apple"),
]

TOPICS: list[Pair] = [
    ("データセンター", "data centres"), ("生成AI", "generative AI"), ("半導体の調達", "chip procurement"),
    ("電力網", "the power grid"), ("オープンソースのモデル", "open-source models"),
    ("研究者の採用", "researcher hiring"), ("設備投資", "capital spending"), ("広告事業", "the advertising business"),
    ("冷却設備", "cooling systems"), ("原子力発電", "nuclear power"), ("天然ガス火力", "gas-fired generation"),
    ("送電線", "transmission lines"), ("計算資源", "compute capacity"), ("推論コスト", "inference costs"),
    ("株主還元", "shareholder returns"), ("水資源", "water use"), ("電気料金", "electricity prices"),
    ("規制当局の審査", "regulatory review"), ("クラウド事業", "the cloud business"), ("人材の引き抜き", "talent poaching"),
]

PLACES: list[Pair] = [
    ("オハイオ州", "Ohio"), ("ルイジアナ州", "Louisiana"), ("テキサス州", "Texas"), ("アイルランド", "Ireland"),
    ("千葉県", "Chiba"), ("北海道", "Hokkaido"), ("シンガポール", "Singapore"), ("アリゾナ州", "Arizona"),
    ("バージニア州北部", "Northern Virginia"), ("九州", "Kyushu"), ("オランダ", "the Netherlands"), ("ジョージア州", "Georgia"),
]

PEOPLE: list[Pair] = [
    ("最高経営責任者", "the chief executive"), ("最高財務責任者", "the chief financial officer"),
    ("ある電力会社の幹部", "a utility executive"), ("州の担当者", "a state official"),
    ("元従業員", "a former employee"), ("業界団体の代表", "an industry group's head"),
    ("大学の研究者", "a university researcher"), ("ファンドマネジャー", "a fund manager"),
]

# Sentence templates: {org} {org2} {topic} {topic2} {place} {person} {amount} {year} {pct} {gw}
SENTENCES: list[Pair] = [
    ("{org}は{year}年までに{topic}へ{amount}を投じる計画を明らかにした。",
     "{org} has said it plans to put {amount} into {topic} by {year}."),
    ("{place}では{topic}をめぐる議論が{year}年に入って一段と熱を帯びている。",
     "In {place}, the debate over {topic} has grown more heated since the start of {year}."),
    ("{person}によれば、{topic}の負担は当初の見込みより{pct}%ほど大きい。",
     "According to {person}, the burden of {topic} is about {pct}% larger than first expected."),
    ("{org}と{org2}の差は、{topic}よりもむしろ{topic2}に表れている。",
     "The gap between {org} and {org2} shows less in {topic} than in {topic2}."),
    ("{place}に建設中の施設は、完成すれば{gw}ギガワット規模の電力を消費する見通しだ。",
     "The site under construction in {place} is expected to draw {gw} gigawatts once it is finished."),
    ("ただし、{topic}の数字は会社の発表によって定義が異なり、単純な比較は難しい。",
     "The figures for {topic}, however, are defined differently from one company statement to the next, which makes simple comparisons hard."),
    ("{org}の広報担当者は、{topic}に関する具体的な金額についてコメントを控えた。",
     "A spokesperson for {org} declined to comment on specific amounts for {topic}."),
    ("市場は{topic}の成果が見えるまで、どれだけ待てるのかを見極めようとしている。",
     "Investors are trying to judge how long they can wait for {topic} to pay off."),
    ("{year}年の決算資料では、{topic}の費用が前年比{pct}%増と記されている。",
     "The {year} results put the cost of {topic} up {pct}% on the year before."),
    ("{person}は「{topic}は一社で解決できる問題ではない」と語った。",
     "{person} said that {topic} is not a problem any one company can solve."),
    ("こうした動きは、{place}の住民にとって{topic2}の問題でもある。",
     "For the people of {place}, these moves are also a question of {topic2}."),
    ("{org}は{topic}で先行したが、{topic2}では{org2}に後れを取っているとの見方が多い。",
     "{org} moved first on {topic}, but many see it trailing {org2} on {topic2}."),
    ("記事はこの点を強調するが、{topic}の前提となる数字の出所は示していない。",
     "The article stresses this point but does not say where the figures behind {topic} come from."),
    ("{amount}という金額は、{org}の年間売上高のおよそ{pct}%に当たる。",
     "The sum of {amount} is roughly {pct}% of {org}'s annual revenue."),
    ("{year}年の時点で、{place}の送電容量はすでに上限に近づいていた。",
     "By {year}, grid capacity in {place} was already close to its limit."),
    ("一方で{org2}は、{topic}への支出を抑える方針を繰り返し示している。",
     "{org2}, meanwhile, has said again and again that it will hold back spending on {topic}."),
    ("専門家の間では、{topic}の効果を測る方法そのものにも異論がある。",
     "Among specialists, even the way to measure what {topic} achieves is disputed."),
    ("{person}は、{topic2}が次の焦点になると見ている。",
     "{person} expects {topic2} to become the next point of focus."),
    ("この計画が予定どおり進めば、{year}年には{gw}ギガワット分の新しい需要が生まれる。",
     "If the plan stays on schedule, it will add {gw} gigawatts of new demand by {year}."),
    ("{org}の説明は、{topic}と{topic2}を区別せずにまとめて扱っている点に注意が必要だ。",
     "{org}'s account lumps {topic} and {topic2} together, which is worth keeping in mind."),
    ("実際の契約書は公開されておらず、{amount}の内訳は分かっていない。",
     "The contracts themselves are not public, and how the {amount} breaks down is unknown."),
    ("{place}の当局は、{topic}に関する許認可の手続きを{year}年に簡素化した。",
     "The authorities in {place} streamlined permits for {topic} in {year}."),
    ("数字の大きさに目を奪われがちだが、重要なのは{topic}の持続性である。",
     "The size of the numbers draws the eye, but what matters is whether {topic} can be sustained."),
    ("{org}は過去にも{topic}で強気の見通しを示し、のちに修正したことがある。",
     "{org} has made bullish forecasts on {topic} before and later revised them."),
]

HEADINGS: list[Pair] = [
    ("{topic}の行方", "Where {topic} goes next"), ("{place}で起きていること", "What is happening in {place}"),
    ("{org}の思惑", "What {org} wants"), ("数字を読み解く", "Reading the numbers"),
    ("{topic}と{topic2}", "{topic} and {topic2}"), ("市場の見方", "How the market sees it"),
    ("記事が触れていないこと", "What the article leaves out"), ("{year}年への道のり", "The road to {year}"),
]

TITLES: list[Pair] = [
    ("{org}と{topic}の賭け", "{org}'s bet on {topic}"), ("{place}の{topic}", "{topic} in {place}"),
    ("{topic}は誰のためか", "Who {topic} is for"), ("{org}が描く{year}年", "The {year} that {org} has in mind"),
    ("{topic}の本当のコスト", "The real cost of {topic}"), ("{org}対{org2}", "{org} against {org2}"),
]

CLAIMS: list[Pair] = [
    ("{org}は{year}年までに{topic}へ{amount}を投資する。", "{org} will invest {amount} in {topic} by {year}."),
    ("{place}の施設は{gw}ギガワットの電力を使う。", "The {place} site will use {gw} gigawatts of power."),
    ("{topic}の費用は前年より{pct}%増えた。", "Spending on {topic} rose {pct}% on the year before."),
    ("{org}は{topic}で業界首位に立っている。", "{org} leads the industry in {topic}."),
    ("{org2}は{topic}から撤退した。", "{org2} has pulled out of {topic}."),
]

FIGURES: list[Pair] = [
    ("会社の開示では{amount}で、期間は{year}年まで。", "Company filings give {amount}, through {year}."),
    ("公表値は{gw}ギガワットで、段階的に稼働する。", "The published figure is {gw} gigawatts, phased in over time."),
    ("記録上の増加率は{pct}%。", "The recorded increase is {pct}%."),
    ("公開資料では確認できない。", "Public records do not confirm it."),
]

NOTES: list[Pair] = [
    ("数字は計画段階のもので、確定した支出ではない。", "The figure is a plan, not money already spent."),
    ("記事は{topic}と{topic2}を混同している。", "The article conflates {topic} with {topic2}."),
    ("比較の基準年が示されていない。", "The article gives no base year for the comparison."),
    ("{org}自身の発表に依拠しており、独立した検証はない。", "It rests on {org}'s own statement; nothing independent confirms it."),
]

PUBLISHERS = ["Reuters", "Bloomberg", "Nikkei Asia", "Financial Times", "The Information", "Associated Press",
              "Company filing (SEC 10-K)", "Company press release", "IEA report", "Ohio Power Siting Board"]

QUOTES: list[Pair] = [
    ("電力がなければ、どんなモデルも動かない。", "Without power, no model runs."),
    ("規模の勝負は、最後は資金の勝負になる。", "A contest of scale ends as a contest of money."),
    ("誰もが同じ送電線を欲しがっている。", "Everyone wants the same transmission lines."),
]

TERMS: list[tuple[str, Pair, Pair]] = [
    ("gigawatt", ("ギガワット", "gigawatt"), ("10億ワット。大型の発電所一基分ほどの出力。", "A billion watts, about one large power plant's output.")),
    ("capex", ("設備投資", "capex"), ("建物や機械など長く使う資産への支出。", "Spending on long-lived assets such as buildings and machines.")),
    ("inference", ("推論", "inference"), ("学習済みのモデルで答えを出す処理。", "Running a trained model to produce answers.")),
    ("open-weights", ("オープンウェイト", "open weights"), ("学習済みの重みを公開したモデル。", "A model whose trained weights are published.")),
    ("ppa", ("電力購入契約", "power purchase agreement"), ("発電事業者から長期で電力を買う契約。", "A long-term contract to buy power from a generator.")),
    ("hyperscaler", ("ハイパースケーラー", "hyperscaler"), ("巨大なクラウド基盤を運営する企業。", "A company that runs cloud infrastructure at huge scale.")),
    ("gpu", ("GPU", "GPU"), ("並列計算に強い半導体。AIの学習に使われる。", "A chip built for parallel work, used to train AI.")),
    ("grid", ("電力網", "grid"), ("発電所と需要家を結ぶ送配電の仕組み。", "The network that carries power from plants to users.")),
]
