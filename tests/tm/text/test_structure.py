from tests.support import SEEDS
from tm.text.documents import Document, read_document
from tm.text.segment import segment_document
from tm.text.structure import split_paragraphs


def test_interview_labels_become_speaker_metadata() -> None:
    segments = segment_document(read_document(str(SEEDS / "000_mfa-interview.txt")))
    assert segments[0].speaker == "Вопрос" and segments[0].text.startswith("Президент Нурсултан")
    assert segments[2].speaker == "Ответ" and segments[2].text.startswith("Задача эта не новая")
    # a tab-indented line continues the answer
    continued = next(s for s in segments if s.text.startswith("С этой целью МИД"))
    assert continued.speaker == "Ответ"
    assert not any("\t" in s.text or s.text.startswith(("Вопрос", "Ответ")) for s in segments)


def test_dialogue_dashes_become_metadata() -> None:
    segments = segment_document(read_document(str(SEEDS / "001_expert-interview-web-page.txt")))
    question = next(s for s in segments if s.text.startswith("Антон Георгиевич"))
    assert question.dash == "-" and question.position == 0
    inline = segment_document(Document("d", "- Да. - Нет, не так.", "utf_8"))
    assert [(s.dash, s.text) for s in inline] == [("-", "Да."), ("-", "Нет, не так.")]


def test_page_furniture_is_left_out_and_can_be_kept() -> None:
    document = read_document(str(SEEDS / "001_expert-interview-web-page.txt"))
    kept = {s.text for s in segment_document(document)}
    furniture = [
        "2282",
        "Популярное",
        "Все",
        "Читайте также",
        "Архив",
        "• [[year]]",
        "Воспитание сказкой",
        "Пожелаем удачи Елене!",
        "Глава Болгарии Румен Радев подал в отставку",
        "Фото из личного архива Антона Арутюнова",
    ]
    assert not kept & set(furniture)
    assert not any("[[" in text for text in kept)
    everything = {s.text for s in segment_document(document, keep_furniture=True)}
    assert set(furniture) <= everything
    # the article itself is all there: title, lead, interview, closing sentence
    assert any(t.startswith("Отношения между главами Казахстана и России") for t in kept)
    assert any(t.startswith("Отношения между главами России и Казахстана") for t in kept)


def test_furniture_rules_do_not_touch_article_paragraphs() -> None:
    for path in SEEDS.glob("*.txt"):
        if path.name.startswith("001"):
            continue
        paragraphs = split_paragraphs(read_document(str(path)).text)
        assert [p for p in paragraphs if p.furniture] == []


def test_headline_list_rule_needs_three_short_lines() -> None:
    two = split_paragraphs("Первый заголовок\nВторой заголовок")
    three = split_paragraphs("Первый заголовок\nВторой заголовок\nТретий заголовок")
    assert [p.furniture for p in two] == [None, None]
    assert [p.furniture for p in three] == ["headline_list"] * 3
